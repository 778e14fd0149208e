// Case: ssbc/ssb-db2, fix commit f030d2db14a8d3536205c88115a25e4c00b5f1f1 ("clearInterval from migrate plugin",
// PR https://github.com/ssbc/ssb-db2/pull/215). Rewritten in our own code: the fix keeps the interval's handle in the
// plugin's closure and clears it in stop().
const debug = require('debug')('store:migrate')

exports.init = function init(server, config) {
  let started = false
  let drainAborter = null
  let liveProgressInterval = null

  function stop() {
    started = false
    if (drainAborter) {
      drainAborter.abort()
      drainAborter = null
    }
    if (liveProgressInterval) {
      clearInterval(liveProgressInterval)
      liveProgressInterval = null
    }
  }

  server.close.hook(function (fn, args) {
    stop()
    fn.apply(this, args)
  })

  function start(oldLog, newLog) {
    if (started) return
    started = true
    let liveCount = 0

    function migrateLive() {
      liveProgressInterval = setInterval(() => {
        server.emit('migrate:progress', newLog.size / Math.max(oldLog.size, 1))
        if (liveCount > 0) {
          debug('%d records copied to the new log', liveCount)
          liveCount = 0
        }
      }, 3000)
      liveProgressInterval.unref()

      oldLog.onRecord((record) => {
        newLog.append(record, () => {
          liveCount++
        })
      })
    }

    drainAborter = oldLog.drain(newLog, (err) => {
      if (err) return console.error(err)
      migrateLive()
    })
  }

  if (config.store && config.store.automigrate) start(config.store.oldLog, config.store.newLog)
  return { start, stop }
}
