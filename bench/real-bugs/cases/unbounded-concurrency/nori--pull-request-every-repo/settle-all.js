// Waits for every promise, then fails with the first failure (the project's own helper, rewritten).
module.exports = async function settleAll(promises) {
  const results = await Promise.allSettled(promises);
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length > 0) {
    const error = failed[0].reason;
    error.failures = failed.map((result) => result.reason);
    throw error;
  }
  return results.map((result) => result.value);
};
