// Case: nicolas-van/modern-async, fix commit 0010d28de1b15d51db3976080e26357fa7144436 ("Fix #5", issue
// https://github.com/nicolas-van/modern-async/issues/5). Rewritten in our own code: the limited map awaits the
// caller's function, so a slot stays taken until its work is done.
import mapLimit from './mapLimit.mjs'

/**
 * Calls `iteratee` for every item, with at most `concurrency` calls running at a time.
 *
 * @param {Iterable<unknown>} iterable the items
 * @param {(value: unknown, index: number, items: unknown[]) => Promise<void> | void} iteratee the work per item
 * @param {number} concurrency how many calls may run at once
 * @returns {Promise<void>}
 */
async function eachLimit (iterable, iteratee, concurrency) {
  await mapLimit(iterable, async (value, index, items) => {
    await iteratee(value, index, items)
  }, concurrency)
}

export default eachLimit
