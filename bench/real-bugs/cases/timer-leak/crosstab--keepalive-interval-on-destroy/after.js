// Case: tejacques/crosstab, fix commit aeb30794cc5685d58c6eeee7fd5a3453e917c280 ("fix: remove interval when destroying
// instance", https://github.com/tejacques/crosstab/pull/69). Rewritten in our own code: the fix keeps the keep-alive
// interval's handle on the module object and clears it in `destroy()`.
'use strict';

var HEARTBEAT_MS = 500;

var tabs;

function createHub() {
  var handlers = {};

  function on(name, fn) {
    (handlers[name] = handlers[name] || []).push(fn);
  }

  function emit(name, payload) {
    (handlers[name] || []).forEach(function (fn) {
      fn(payload);
    });
  }

  function clearAll() {
    handlers = {};
  }

  var destroy = function () {
    clearInterval(tabs.heartbeat);
    clearAll();
  };

  return { on: on, emit: emit, destroy: destroy };
}

var hub = createHub();

tabs = {
  id: String(Math.random()).slice(2),
  paused: false,
  heartbeat: undefined,
  on: hub.on,
  emit: hub.emit,
  destroy: hub.destroy,
};

function beat() {
  if (tabs.paused) return;
  try {
    localStorage.setItem('tabs.alive.' + tabs.id, String(Date.now()));
  } catch (error) {
    tabs.emit('error', error);
  }
}

if (typeof localStorage !== 'undefined') {
  window.addEventListener('storage', function (event) {
    tabs.emit('message', event.newValue);
  });
  tabs.heartbeat = setInterval(beat, HEARTBEAT_MS);
  beat();
}

module.exports = tabs;
