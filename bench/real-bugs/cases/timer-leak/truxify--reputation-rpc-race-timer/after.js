// Case: KanishJebaMathewM/Truxify, fix commit 8865b5c823580dbbdec3bba150fd0bd97676205e ("clear timeout timer in
// getDriverReputation Promise.race", merged in PR https://github.com/KanishJebaMathewM/Truxify/pull/1693, issue
// #1688). Fixed: the timer is kept and cleared on the success and the error path.
/**
 * @param {{ reputationOf(address: string): Promise<bigint> }} registry
 * @param {string} wallet
 * @returns {Promise<number | null>}
 */
export async function driverScore(registry, wallet) {
  if (!/^0x[0-9a-fA-F]{40}$/.test(wallet)) {
    console.warn(`reputation: "${wallet}" is not a wallet address`);
    return null;
  }
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  try {
    const score = await Promise.race([
      registry.reputationOf(wallet),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('chain call timed out')), 5000);
      }),
    ]);
    clearTimeout(timer);
    return Number(score);
  } catch (error) {
    clearTimeout(timer);
    console.error(`reputation: lookup failed for ${wallet}`, error);
    return null;
  }
}
