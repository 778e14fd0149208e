import { readFileSync } from 'node:fs';

/** One fenced ```ts (or tsx) block of a docs page, with whether the rule must flag it. */
export interface DocsExample {
  /** The code. */
  readonly code: string;
  /** True under a ❌ heading, false under ✅. */
  readonly flagged: boolean;
  /** `ts` or `tsx`: the example is checked as `file.ts` or `file.tsx`. */
  readonly language: 'ts' | 'tsx';
  /** 1-based line of the fence in the page, for messages. */
  readonly line: number;
}

/**
 * Reads the ❌ and ✅ examples of a docs page: fenced ts/tsx blocks under a heading that starts with ❌ (the rule
 * must flag them) or ✅ (it must not). Other blocks (options, json) are not examples.
 */
export function readDocsExamples(path: string): DocsExample[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const examples: DocsExample[] = [];
  let section: boolean | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^#{2,6}\s+(.*)$/.exec(line);
    if (heading !== null) {
      const title = heading[1] ?? '';
      section = title.startsWith('❌') ? true : title.startsWith('✅') ? false : undefined;
      continue;
    }
    const fence = /^```(ts|tsx|typescript)\s*$/.exec(line);
    if (fence === null) {
      // Skip other fenced blocks whole, so a heading-like line inside them is not taken for a heading.
      if (/^```/.test(line)) for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++);
      continue;
    }
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '');
    if (section !== undefined) {
      examples.push({
        code: `${body.join('\n')}\n`,
        flagged: section,
        language: fence[1] === 'tsx' ? 'tsx' : 'ts',
        line: start,
      });
    }
  }
  return examples;
}
