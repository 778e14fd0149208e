// Case: Dayotter/dayotter, fix commit bcdf5942d44407d9309245d1768bcb29c01aba68 ("perf: parallelize independent
// awaits in Calendly export + AI read tools (#143)", PR #229), file apps/web/lib/ai/agent.ts.
// The fixed code, rewritten in our own code: the look-ups of one step start together.
import { hostOpenings, modelStep, type Turn } from './calendar.js';

const MAX_STEPS = 4;

interface RangeInput {
  readonly minutes: number;
  readonly fromIso: string;
  readonly toIso: string;
}

export async function describeOpenings(ownerId: string, input: RangeInput): Promise<string> {
  const from = new Date(input.fromIso);
  const to = new Date(input.toIso);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'That range is not valid.';
  const openings = await hostOpenings(ownerId, Math.max(5, Math.round(input.minutes)), from, to);
  if (openings.length === 0) return 'Nothing open in that range.';
  return openings
    .slice(0, 8)
    .map((o) => o.start.toISOString())
    .join('\n');
}

export async function planMeeting(ownerId: string, request: string): Promise<string | undefined> {
  const history: Turn[] = [{ role: 'user', text: request }];
  for (let step = 0; step < MAX_STEPS; step++) {
    const reply = await modelStep(history);
    const answer = reply.calls.find((c) => c.name === 'answer');
    if (answer) return String(answer.input);

    const lookups = reply.calls.filter((c) => c.name === 'open_slots');
    if (lookups.length === 0) break;

    history.push({ role: 'assistant', raw: reply.raw });
    const results = await Promise.all(
      lookups.map(async (call) => {
        const content = await describeOpenings(ownerId, call.input as RangeInput).catch(
          () => 'Availability could not be read.',
        );
        return { id: call.id, content };
      }),
    );
    history.push({ role: 'tool', results });
  }
  return undefined;
}
