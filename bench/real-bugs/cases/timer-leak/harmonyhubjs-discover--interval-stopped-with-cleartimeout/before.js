// Case: swissmanu/harmonyhubjs-discover, fix commit d8abdfcdfe5efb846129663d98b5a847fa68991e ("Use clearInterval in
// Ping#stop", pull request #7), source https://github.com/swissmanu/harmonyhubjs-discover/pull/7. Rewritten in our own
// code: a LAN discovery helper broadcasts an announcement every second from setInterval. stop() hands the interval's
// handle to clearTimeout instead of clearInterval; per the fix, the announcement timer is then not stopped and keeps
// the process alive after discovery ends.
var dgram = require('dgram')

function Announcer (replyPort) {
  this.socket = dgram.createSocket('udp4')
  this.port = 5224
  this.address = '255.255.255.255'
  this.every = 1000
  this.text = '_hub-announce._tcp.local.\n' + replyPort
  this.payload = Buffer.from(this.text)

  // let the socket send broadcasts
  this.socket.bind(this.port, function () {
    this.setBroadcast(true)
  })
}

function announce () {
  var self = this

  self.socket.send(self.payload, 0, self.text.length, self.port, self.address, function (err) {
    if (err) {
      self.stop()
    }
  })
}

Announcer.prototype.start = function start () {
  this.timer = setInterval(announce.bind(this), this.every)
}

Announcer.prototype.stop = function stop () {
  clearTimeout(this.timer)
  this.timer = undefined
  this.socket.close()
}

Announcer.prototype.isRunning = function isRunning () {
  return this.timer !== undefined
}

module.exports = Announcer
