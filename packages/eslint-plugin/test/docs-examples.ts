import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One fenced ```ts/tsx block of a docs page, with whether the rule must flag it. */
export interface DocsExample {
  readonly code: string;
  readonly flagged: boolean;
  readonly language: 'ts' | 'tsx';
}

const docsDir = join(import.meta.dirname, '../../../docs/pitfalls');

/**
 * The ❌ and ✅ examples of `docs/pitfalls/<id>.md`: fenced ts/tsx blocks under a heading that starts with ❌
 * (must be flagged) or ✅ (must not be).
 */
export function docsExamples(id: string): DocsExample[] {
  const text = readFileSync(join(docsDir, `${id}.md`), 'utf8');
  const examples: DocsExample[] = [];
  let section: boolean | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^#{2,6}\s+(.*)$/.exec(line);
    if (heading !== null) {
      const title = heading[1] ?? '';
      section = title.startsWith('❌') ? true : title.startsWith('✅') ? false : undefined;
      continue;
    }
    const fence = /^```(ts|tsx|typescript)\s*$/.exec(line);
    if (fence === null) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    if (section !== undefined) {
      examples.push({
        code: body.join('\n') + '\n',
        flagged: section,
        language: fence[1] === 'tsx' ? 'tsx' : 'ts',
      });
    }
  }
  return examples;
}
