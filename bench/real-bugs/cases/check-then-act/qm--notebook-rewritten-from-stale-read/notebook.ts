// The notebook store of the case (an interface the original project declares, with a file-backed and a database
// implementation) and the pure helpers the consolidator uses.
export type ScopeId = string;

export interface NotebookHead {
  content: string;
  revision: string;
}

export interface NotebookStore {
  read(scopeId: ScopeId): Promise<string>;
  replace(scopeId: ScopeId, content: string, author?: string): Promise<void>;
  readHead?(scopeId: ScopeId): Promise<NotebookHead>;
  replaceIfRevision?(scopeId: ScopeId, content: string, revision: string, author?: string): Promise<boolean>;
}

export interface ModelHarness {
  oneShot?(instructions: string, input: string): Promise<string>;
}

export const MERGE_PROMPT = 'Merge duplicate notes and drop stale ones. Answer with one action per line.';

export function isNote(line: string): boolean {
  return /^\s*[-*]\s+/.test(line);
}

export function noteText(line: string): string {
  return line.replace(/^\s*[-*]\s+/, '').trim();
}

export function applyMergeActions(body: string, answer: string, at: number): string {
  const drop = new Set(
    answer
      .split('\n')
      .map((line) => /^drop (\d+)$/.exec(line.trim())?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number),
  );
  let index = 0;
  const kept = body.split('\n').filter((line) => (isNote(line) ? !drop.has(++index) : true));
  return `${kept.join('\n').trimEnd()}\n\n<!-- merged ${new Date(at).toISOString()} -->`;
}
