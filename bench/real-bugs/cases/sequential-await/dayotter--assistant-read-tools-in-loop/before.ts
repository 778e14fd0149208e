// Case: Dayotter/dayotter, fix commit bcdf5942d44407d9309245d1768bcb29c01aba68 ("perf: parallelize independent awaits
// in Calendly export + AI read tools (#143)", pull request #229), source https://github.com/Dayotter/dayotter/pull/229.
// Rewritten in our own code: one turn of the chat assistant can ask for several read tools at once (free slots,
// registry reads, extension reads). They are independent and idempotent, but the turn runs them one after another in
// an awaited for...of loop before feeding the results back, so a turn with N reads waits N round trips.
import { freeSlots, runExtensionTool, runReadTool, toolKind, type ToolCall, type ToolResult } from './tools.js';

export type Turn = { role: 'assistant_raw'; raw: unknown } | { role: 'tool_results'; results: ToolResult[] };

export async function answerReads(
  userId: string,
  timezone: string,
  reads: readonly ToolCall[],
  assistantRaw: unknown,
  history: Turn[],
): Promise<void> {
  history.push({ role: 'assistant_raw', raw: assistantRaw });
  const results: ToolResult[] = [];
  for (const call of reads) {
    const input = call.input;
    let content: string;
    if (call.name === 'find_free_slots') {
      content = await freeSlots(
        userId,
        call.input as { durationMinutes: number; fromISO: string; toISO: string },
        timezone,
      ).catch(() => 'Availability could not be looked up.');
    } else if (toolKind(call.name) === 'read') {
      content = await runReadTool(userId, call.name, input).catch(() => 'That could not be read.');
    } else {
      content = await runExtensionTool(call.name, userId, input).catch(() => 'That could not be run.');
    }
    results.push({ id: call.id, content });
  }
  history.push({ role: 'tool_results', results });
}
