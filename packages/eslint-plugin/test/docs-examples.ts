import { join } from 'node:path';
import { readDocsExamples, type DocsExample } from '../../analyzer/test/meta/docs-examples.js';

export type { DocsExample };

const docsDir = join(import.meta.dirname, '../../../docs/pitfalls');

/**
 * The ❌ and ✅ examples of `docs/pitfalls/<id>.md`, read with the analyzer's own meta-test reader so that both
 * front ends test exactly the same fixtures.
 */
export function docsExamples(id: string): DocsExample[] {
  return readDocsExamples(join(docsDir, `${id}.md`));
}
