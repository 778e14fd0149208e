import { readFileSync } from 'node:fs';

/**
 * The code examples of a docs page (docs/pitfalls/<id>.md) that the meta-tests run through the page's rule.
 *
 * Conventions of a page:
 * - a fenced ```ts (or tsx) block under a heading that starts with ❌ must be flagged, one under ✅ must not;
 * - an HTML comment above a block (blank lines between allowed), `<!-- ❌ options: {"strict": true} -->` (or ✅), makes it an example
 *   anywhere on the page (the Options section) and runs it with those rule options; under a ❌/✅ heading the
 *   comment may leave out the mark: `<!-- options: {…} -->`;
 * - other blocks (json, js config snippets, ts blocks outside ❌/✅ without the comment) are not examples.
 *
 * What each example reports (rule, line, column, message) is pinned in test/meta/docs-examples/<id>.txt.
 */
export interface DocsExample {
  /** The code. */
  readonly code: string;
  /** True when the rule must flag it (❌), false when it must not (✅). */
  readonly flagged: boolean;
  /** `ts` or `tsx`: the example is checked as `file.ts` or `file.tsx`. */
  readonly language: 'ts' | 'tsx';
  /** 1-based line of the fence in the page, for messages. */
  readonly line: number;
  /** Rule options the example runs with (from its comment); `{}` for the defaults. */
  readonly options: Readonly<Record<string, unknown>>;
}

const annotation = /^\s*<!--\s*(❌|✅)?\s*options:\s*(\{.*\})\s*-->\s*$/u;

/** Reads the examples of a docs page (see {@link DocsExample} for the conventions). */
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
    const fence = /^(\s*)```(ts|tsx|typescript)\s*$/.exec(line);
    if (fence === null) {
      // Skip other fenced blocks whole, so a heading-like line inside them is not taken for a heading.
      if (/^\s*```/.test(line)) for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ''); i++);
      continue;
    }
    // The comment may stand a blank line above the block (Prettier puts one there).
    let above = i - 1;
    while (above > 0 && (lines[above] ?? '').trim() === '') above--;
    const comment = annotation.exec(lines[above] ?? '');
    const mark = comment?.[1];
    const flagged = mark === '❌' ? true : mark === '✅' ? false : section;
    const options = comment === null ? {} : (JSON.parse(comment[2] ?? '{}') as Record<string, unknown>);
    const indent = fence[1] ?? '';
    const start = i + 1;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ''); i++)
      body.push(
        (lines[i] ?? '').startsWith(indent) ? (lines[i] ?? '').slice(indent.length) : (lines[i] ?? ''),
      );
    if (comment !== null && flagged === undefined)
      throw new Error(
        `${path}:${start - 1}: an options comment outside ❌/✅ must say which: <!-- ❌ options: … -->`,
      );
    if (flagged !== undefined) {
      examples.push({
        code: `${body.join('\n')}\n`,
        flagged,
        language: fence[2] === 'tsx' ? 'tsx' : 'ts',
        line: start,
        options,
      });
    }
  }
  return examples;
}
