// Case: yc-software/qm, fix commit 465825a49cea0c23d990404313fe355ed7302532 ("Guard memory consolidation and
// promotion against concurrent notebook writes", issue #339). Rewritten in our own code: the consolidator reads a
// scope's notebook, spends seconds in a model call, then writes the merged body back unconditionally. A note captured
// (by the API or a worker process) or a manual edit made during the model call is overwritten by a body derived from
// the stale read, and the check after the write then mistakes the lost race for a store that cannot rewrite.
import { applyMergeActions, isNote, MERGE_PROMPT, type ModelHarness, type NotebookStore, noteText, type ScopeId } from './notebook.js';

export interface NotebookMerger {
  maintain(scopeId: ScopeId): Promise<void>;
}

export function createNotebookMerger(deps: {
  harness: ModelHarness;
  store: NotebookStore;
  now?: () => number;
  log?: (message: string) => void;
}): NotebookMerger {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((message: string) => console.error(message));
  const disabled = new Set<ScopeId>();

  async function maintain(scopeId: ScopeId): Promise<void> {
    if (disabled.has(scopeId) || !deps.harness.oneShot) return;
    const guarded = deps.store.readHead && deps.store.replaceIfRevision;
    const head = guarded ? await deps.store.readHead!(scopeId) : undefined;
    const body = head?.content ?? (await deps.store.read(scopeId));
    const notes = body.split('\n').filter(isNote);
    if (!notes.length) return;

    const numbered = notes.map((line, i) => `${i + 1}. ${noteText(line)}`).join('\n');
    let answer: string | undefined;
    try {
      answer = await deps.harness.oneShot(MERGE_PROMPT, numbered);
    } catch {
      return;
    }
    const next = applyMergeActions(body, answer ?? '', now());
    if (head) {
      // Written only when nobody changed the notebook since readHead(); a lost race retries next cycle.
      await deps.store.replaceIfRevision!(scopeId, next, head.revision, 'system');
      return;
    }
    await deps.store.replace(scopeId, next, 'system');

    const stored = await deps.store.read(scopeId);
    if (stored.trimEnd() !== next.trimEnd()) {
      disabled.add(scopeId);
      log(`[notebook] store for ${scopeId} cannot rewrite; merging disabled`);
    }
  }

  return { maintain };
}
