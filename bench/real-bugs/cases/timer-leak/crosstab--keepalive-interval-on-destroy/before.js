// Case: tejacques/crosstab, fix commit aeb30794cc5685d58c6eeee7fd5a3453e917c280 ("fix: remove interval when destroying
// instance", https://github.com/tejacques/crosstab/pull/69). Rewritten in our own code: a module that keeps the
// browser tabs in touch starts a keep-alive interval when it loads and exposes `destroy()`, which drops the
// listeners but leaves the interval running, so a destroyed hub keeps writing its heartbeat (and tests hang).
'use strict';

var HEARTBEAT_MS = 500;

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
    clearAll();
  };

  return { on: on, emit: emit, destroy: destroy };
}

var hub = createHub();

var tabs = {
  id: String(Math.random()).slice(2),
  paused: false,
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
  setInterval(beat, HEARTBEAT_MS);
  beat();
}

module.exports = tabs;
