// Case: mozilla/fxa-content-server, fix commit 5d10672976c8fb53d1bf9a40f30b502e9dee46d9 ("fix(timers): Always
// destroy timers created in view.setTimeout.", issue #6291). Rewritten in our own code: views schedule timers through
// a mixin that records them and clears them all when the view is destroyed; the destroy hook is registered the first
// time a timer is scheduled. Calling clearTimeout(undefined) before any timer was scheduled turns the record into an
// empty list, so the hook is never registered and every timer the view schedules later outlives the view.
import { each, without } from 'underscore';

const TimersMixin = {
  setTimeout (callback, delayMs) {
    if (! this._pendingTimers) {
      this._pendingTimers = [];
      // clear every pending timer when the view is destroyed.
      this.on('destroy', clearAllTimers.bind(this));
    }

    const win = this.window || window;
    const handle = win.setTimeout(() => {
      this.clearTimeout(handle);
      callback.call(this);
    }, delayMs);

    this._pendingTimers.push(handle);

    return handle;
  },

  clearTimeout (handle) {
    if (! handle) {
      return;
    }
    const win = this.window || window;
    win.clearTimeout(handle);

    this._pendingTimers = without(this._pendingTimers, handle);
  }
};

function clearAllTimers () {
  const win = this.window || window;

  each(this._pendingTimers, (handle) => {
    win.clearTimeout(handle);
  });

  this._pendingTimers = null;
}

export default TimersMixin;
