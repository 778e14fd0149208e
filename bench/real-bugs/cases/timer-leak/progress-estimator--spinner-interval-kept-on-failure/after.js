// Case: bvaughn/progress-estimator, before commit 04f1eeb6afb756885688f661bcf2d07b9539e08c, fix commit
// 1d2b088ed6164b4560503e4eed7a6c5a50c02ff0 ("Moved clearInterval into finally block so it's cleared on errors too",
// issue https://github.com/bvaughn/progress-estimator/issues/5). Rewritten in our own code: the fixed reporter keeps
// the spinner's handle outside the `try` and clears it in `finally`, so a rejected promise stops it too.
'use strict';

const frames = ['-', '\\', '|', '/'];

/**
 * @template T
 * @param {Promise<T>} work
 * @param {string} label
 * @param {{ write(text: string): void, clear(): void }} screen
 * @returns {Promise<T>}
 */
async function trackProgress(work, label, screen) {
  let spinner;
  try {
    const started = Date.now();
    let frame = 0;
    spinner = setInterval(() => {
      frame = (frame + 1) % frames.length;
      screen.write(`${frames[frame]} ${label} (${Math.round((Date.now() - started) / 1000)}s)`);
    }, 80);

    const result = await work;

    screen.write(`done ${label} in ${Date.now() - started} ms`);
    return result;
  } catch (error) {
    screen.clear();
    throw error;
  } finally {
    clearInterval(spinner);
  }
}

module.exports = { trackProgress };
