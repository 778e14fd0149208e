// Case: FocusriteGroup/juce-end-to-end, fix commit 357c0c5bcd7c899b12fe20006d1c01fc823757e3 ("Clear timeout timer when
// queryFunction resolves (#211)"), source https://github.com/FocusriteGroup/juce-end-to-end/pull/211. Rewritten in our
// own code: the fixed version (its timer part). The race moves into a helper that keeps the timer's handle and clears
// it when the query resolves first.
const defaultTimeoutMs = 10000;

const pause = async (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const queryWithTimeout = async <T>(query: () => Promise<T>, ms: number) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expiry = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('Timed out.')), ms)));

  try {
    const value = await Promise.race([query(), expiry]);
    clearTimeout(timer);
    return value;
  } catch {
    throw new Error('Timed out.');
  }
};

export async function pollUntil<T>(
  matches: (value: T) => boolean,
  query: () => Promise<T>,
  timeoutMs = defaultTimeoutMs,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;

  while (Date.now() < deadline) {
    try {
      const value = await queryWithTimeout(query, deadline - Date.now());

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
