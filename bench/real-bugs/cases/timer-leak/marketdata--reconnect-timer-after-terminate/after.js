// Case: barchart/marketdata-api-js, fix commit c1f178d40bc6368bab744abad8fb835a2e40d5d5 ("fix: prevent delayed
// reconnect after termination", PR https://github.com/barchart/marketdata-api-js/pull/30). Rewritten in our own code:
// the fix keeps the reconnect timer's handle and clears it in terminate().
module.exports = function createConnection(openSocket, logger) {
  const reconnectDelayMs = 5000;
  let socket = null;
  let reconnectAllowed = false;
  let reconnectTimer = null;
  let watchdog = null;
  const login = { host: null, user: null };

  function startWatchdog() {
    stopWatchdog();
    watchdog = setInterval(() => {
      if (socket !== null) socket.send('PING\r\n');
    }, 10000);
  }

  function stopWatchdog() {
    if (watchdog !== null) {
      clearInterval(watchdog);
      watchdog = null;
    }
  }

  function connect(host, user) {
    login.host = host;
    login.user = user;
    socket = openSocket(host);
    socket.onopen = () => {
      socket.send(`LOGIN ${user}\r\n`);
      startWatchdog();
    };
    socket.onclose = () => {
      stopWatchdog();
      logger.warn('connection dropped');
      if (reconnectAllowed) {
        const reconnect = () => {
          reconnectTimer = null;
          connect(login.host, login.user);
        };
        reconnectTimer = setTimeout(reconnect, reconnectDelayMs + Math.floor(Math.random() * 1000));
      }
    };
  }

  function terminate() {
    reconnectAllowed = false;
    if (reconnectTimer !== null) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
    }
    login.host = null;
    login.user = null;
    stopWatchdog();
    if (socket !== null) socket.close();
  }

  return {
    start(host, user) {
      reconnectAllowed = true;
      connect(host, user);
    },
    terminate,
  };
};
