// Case: joeattardi/promise-poller, fix commit b5afa791c2c3e810f7b6d5c497fdc74ab1b51b95 ("Clear master timeout if
// promise resolves. Fixes #8"), source https://github.com/joeattardi/promise-poller/pull/10. Rewritten in our own code:
// a poller retries a task until it succeeds; an optional overall deadline is armed with setTimeout inside the promise
// executor. When a poll succeeds the promise resolves, but the deadline timer is never cleared, so it stays pending
// (keeping a Node process alive) for the whole deadline after every successful poll.
const backoffs = {
  'fixed-interval': { defaults: { interval: 1000 }, next: (attempt, opts) => opts.interval },
  linear: { defaults: { start: 1000, step: 1000 }, next: (attempt, opts) => opts.start + attempt * opts.step },
};

const defaults = { backoff: 'fixed-interval', attempts: 5 };

let pollers = 0;

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export default function pollUntil(opts = {}) {
  if (typeof opts.task !== 'function') {
    throw new Error('pollUntil needs a task function');
  }
  Object.keys(defaults).forEach((key) => (opts[key] = opts[key] || defaults[key]));
  opts.label = opts.label || `poller-${pollers++}`;

  const backoff = backoffs[opts.backoff];
  if (!backoff) {
    throw new Error(`Unknown backoff "${opts.backoff}"; known: ${Object.keys(backoffs)}`);
  }
  Object.keys(backoff.defaults).forEach((key) => (opts[key] = opts[key] || backoff.defaults[key]));

  return new Promise(function (resolve, reject) {
    let active = true;
    let attemptsLeft = opts.attempts;
    const failures = [];

    if (opts.deadline) {
      setTimeout(() => {
        active = false;
        reject(new Error(`${opts.label}: deadline reached`));
      }, opts.deadline);
    }

    function attempt() {
      let result = opts.task();

      if (result === false) {
        result = Promise.reject(new Error('cancelled'));
        reject(failures);
        active = false;
      }

      Promise.resolve(result).then(
        function (value) {
          resolve(value);
        },
        function (error) {
          failures.push(error);
          if (typeof opts.onFailure === 'function') {
            opts.onFailure(attemptsLeft, error);
          }

          if (!--attemptsLeft) {
            reject(failures);
          } else if (active) {
            const wait = backoff.next(opts.attempts - attemptsLeft, opts);
            pause(wait).then(attempt);
          }
        },
      );
    }

    attempt();
  });
}
