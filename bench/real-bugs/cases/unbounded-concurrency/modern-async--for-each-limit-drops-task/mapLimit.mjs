// Our own stand-in for the library's mapLimit: runs `iteratee` over the items with at most `concurrency` calls whose
// promises are pending, and resolves with the results in order.
export default async function mapLimit(iterable, iteratee, concurrency) {
  const items = [...iterable]
  const results = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await iteratee(items[index], index, items)
    }
  }
  const workers = []
  for (let n = 0; n < Math.min(concurrency, items.length); n++) workers.push(worker())
  await Promise.all(workers)
  return results
}
