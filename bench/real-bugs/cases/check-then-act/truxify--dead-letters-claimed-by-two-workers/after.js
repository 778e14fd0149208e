// Case: KanishJebaMathewM/Truxify, fix commit 80c26be4528912d657b40a1820c6a7d385f85043 ("fix(core): resolve TOCTOU race
// condition in DLQ workers causing duplicate payload execution"; https://github.com/KanishJebaMathewM/Truxify/pull/4569).
// The fixed code, rewritten in our own code: the claim only flips entries still waiting (a compare-and-set in the update).
import { database } from './db.js';

const backoffMinutes = [1, 5, 15, 60];

export const deadLetters = {
  async retryDue(handlers) {
    const now = new Date().toISOString();

    // 1. the due entries, read without claiming them
    const { data: due, error: readError } = await database
      .from('dead_letters')
      .select('id')
      .eq('state', 'waiting')
      .lte('retry_at', now)
      .order('retry_at', { ascending: true })
      .limit(25);
    if (readError || !due || due.length === 0) return;

    const ids = due.map((entry) => entry.id);

    // 2. claim them
    const { data: claimed, error: claimError } = await database
      .from('dead_letters')
      .update({ state: 'running', changed_at: now })
      .in('id', ids)
      .eq('state', 'waiting')
      .select();
    if (claimError || !claimed || claimed.length === 0) return;

    for (const entry of claimed) {
      try {
        const handler = handlers[entry.source];
        if (!handler) throw new Error(`No handler for ${entry.source}`);
        await handler(entry.kind, entry.body);
        await database.from('dead_letters').update({ state: 'done' }).eq('id', entry.id);
      } catch (failure) {
        const attempts = (entry.attempts ?? 0) + 1;
        const wait = backoffMinutes[attempts];
        await database
          .from('dead_letters')
          .update(
            wait === undefined
              ? { state: 'given_up' }
              : { state: 'waiting', attempts, retry_at: new Date(Date.now() + wait * 60000).toISOString() },
          )
          .eq('id', entry.id);
      }
    }
  },
};
