// Case: vellum-ai/vellum-assistant, fix commit 98502308f672eab609d7be74dcfc80edb2fdc8d2 ("fix: move clearTimeout into
// finally block to prevent timer leak", PR https://github.com/vellum-ai/vellum-assistant/pull/3217). Rewritten in our
// own code: a plugin runner races each plugin call against a sentinel timeout and clears the timer on the line after
// the awaited race. When the plugin call rejects, the await throws, the clear is skipped and the timer stays armed.
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
  const outcome = await Promise.race([call, deadline]);
  clearTimeout(deadlineTimer!);
  if (outcome === DEADLINE) {
    return { text: `Plugin ${plugin} gave no answer within ${limitMs} ms`, failed: true };
  }
  return outcome;
}
