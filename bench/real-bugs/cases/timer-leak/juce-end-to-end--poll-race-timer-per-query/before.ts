// Case: FocusriteGroup/juce-end-to-end, fix commit 357c0c5bcd7c899b12fe20006d1c01fc823757e3 ("Clear timeout timer when
// queryFunction resolves (#211)"), source https://github.com/FocusriteGroup/juce-end-to-end/pull/211. Rewritten in our
// own code: an end-to-end test helper polls an app until a query matches. Each poll races the query against a
// rejecting promise made by a helper around setTimeout, set to the time left. When the query wins, the timer is never
// cleared, so every poll leaves a timer pending up to the whole remaining timeout and Jest reports open handles.
// (The fix commit also turned the boolean result into a rejection; only the timer part is kept.)
const defaultTimeoutMs = 10000;

const pause = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const failAfter = (ms: number) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Timed out')), ms));

export async function pollUntil<T>(
  matches: (value: T) => boolean,
  query: () => Promise<T>,
  timeoutMs = defaultTimeoutMs,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    try {
      const value = await Promise.race([query(), failAfter(deadline - Date.now())]);

      if (matches(value)) {
        return true;
      }
    } catch {
      return false;
    }

    const pollEveryMs = 5;
    await pause(pollEveryMs);
  }

  return false;
}

export async function waitForValue<T>(query: () => Promise<T>, expected: T, timeoutMs = defaultTimeoutMs): Promise<void> {
  const reached = await pollUntil((value) => value === expected, query, timeoutMs);

  if (!reached) {
    throw new Error(`Value never became ${String(expected)}`);
  }
}
