// Case: KanishJebaMathewM/Truxify, fix commit 8865b5c823580dbbdec3bba150fd0bd97676205e ("clear timeout timer in
// getDriverReputation Promise.race", merged in PR https://github.com/KanishJebaMathewM/Truxify/pull/1693, issue
// #1688). Rewritten in our own code: reading a driver's on-chain reputation races the contract call against a
// five-second rejecting timer that is cleared on no path, so every lookup leaves a timer (and a later rejection) behind.
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
  try {
    const score = await Promise.race([
      registry.reputationOf(wallet),
      new Promise((_, reject) => setTimeout(() => reject(new Error('chain call timed out')), 5000)),
    ]);
    return Number(score);
  } catch (error) {
    console.error(`reputation: lookup failed for ${wallet}`, error);
    return null;
  }
}
