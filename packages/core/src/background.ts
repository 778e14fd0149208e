/**
 * `background`: explicit fire-and-forget whose failure is always reported.
 *
 * @module
 */
import { isThenable } from './internal/thenable.js';
import { assertFunction, describeValue } from './internal/validate.js';

/** Options of {@link background}. */
export interface BackgroundOptions {
  /**
   * Receives the task's error (or a synchronous throw). If `onError` itself throws or rejects, that error is reported
   * with `console.error` too, so nothing ever becomes an unhandled rejection.
   * @default report with `console.error('[awaitwise] background task failed:', error)`; with a `label`, the label is
   * included
   */
  onError?: ((error: unknown) => void | PromiseLike<void>) | undefined;
  /**
   * Names the task in the default report.
   * @default undefined
   */
  label?: string | undefined;
}

/**
 * Starts a task nobody will await, on purpose, and guarantees its rejection reaches `onError` (pitfall
 * `floating-promise`: a promise nobody awaits or catches crashes Node on rejection, or is silently lost).
 *
 * Use it for work that must not delay the response: analytics, cache warming, sending an e-mail after the commit.
 * It returns nothing, so linters that flag floating promises are satisfied and there is nothing left to forget.
 *
 * @param task - a function (called at once; a synchronous throw is reported too) or a promise already running
 * @throws TypeError when `onError` is given and is not a function
 * @example
 * ```ts
 * app.post('/orders', async (req, res) => {
 *   const order = await createOrder(req.body);
 *   background(() => sendReceipt(order), { onError: (error) => log.warn({ error }, 'receipt not sent') });
 *   res.status(201).json(order);
 * });
 * ```
 */
export function background(
  task: (() => unknown) | PromiseLike<unknown>,
  options: BackgroundOptions = {},
): void {
  const { onError, label } = options;
  if (onError !== undefined) assertFunction('onError', onError);
  const report = (error: unknown): void => {
    if (onError === undefined) {
      reportDefault(error, label);
      return;
    }
    try {
      Promise.resolve(onError(error)).then(undefined, (failure: unknown) => {
        reportDefault(failure, 'onError of a background task');
      });
    } catch (failure) {
      reportDefault(failure, 'onError of a background task');
    }
  };
  const given: unknown = task;
  if (typeof given !== 'function' && !isThenable(given)) {
    throw new TypeError(`Expected \`task\` to be a function or a promise, got ${describeValue(given)}`);
  }
  let running: PromiseLike<unknown>;
  try {
    running = typeof task === 'function' ? Promise.resolve(task()) : task;
  } catch (error) {
    report(error);
    return;
  }
  running.then(undefined, report);
}

function reportDefault(error: unknown, label: string | undefined): void {
  console.error(`[awaitwise] background task${label === undefined ? '' : ` "${label}"`} failed:`, error);
}
