// Case: vellum-ai/vellum-assistant, fix commit 98502308f672eab609d7be74dcfc80edb2fdc8d2 ("fix: move clearTimeout into
// finally block to prevent timer leak", PR https://github.com/vellum-ai/vellum-assistant/pull/3217). Rewritten in our
// own code: the race and the result handling sit in a try whose finally clears the timer, so a rejected plugin call
// clears it too.
export interface PluginOutcome {
  text: string;
  failed: boolean;
}

const DEADLINE = Symbol('plugin-deadline');

export async function runWithDeadline(
  call: Promise<PluginOutcome>,
  limitMs: number,
  plugin: string,
): Promise<PluginOutcome> {
  let deadlineTimer: ReturnType<typeof setTimeout>;
  const deadline = new Promise<typeof DEADLINE>((resolve) => {
    deadlineTimer = setTimeout(() => resolve(DEADLINE), limitMs);
  });
  try {
    const outcome = await Promise.race([call, deadline]);
    if (outcome === DEADLINE) {
      return { text: `Plugin ${plugin} gave no answer within ${limitMs} ms`, failed: true };
    }
    return outcome;
  } finally {
    clearTimeout(deadlineTimer!);
  }
}
