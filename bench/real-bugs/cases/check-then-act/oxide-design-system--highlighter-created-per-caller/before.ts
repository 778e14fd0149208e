// Case: oxidecomputer/design-system, fix commit f721017950e47f39d4b84a0bda5fde5d412107d5 ("Memoize in-flight
// highlighter promise (#191)"; https://github.com/oxidecomputer/design-system/pull/191).
// The code just before the fix, rewritten in our own code: the syntax highlighter is a lazily created module
// singleton, but it is stored only after its creation is awaited, so every caller that arrives meanwhile creates its
// own.
interface Highlighter {
  highlight(code: string, language: string): string;
}

interface HighlighterOptions {
  themes: string[];
  languages: string[];
}

declare function createHighlighter(options: HighlighterOptions): Promise<Highlighter>;

let highlighter: Highlighter | null = null;
const extraLanguages = ['oxql', 'p4'];

export async function getHighlighter(): Promise<Highlighter> {
  if (!highlighter) {
    highlighter = await createHighlighter({
      themes: ['oxide-dark'],
      languages: extraLanguages,
    });
  }
  return highlighter;
}

export async function highlightCode(code: string, language: string): Promise<string> {
  const instance = await getHighlighter();
  return instance.highlight(code, language);
}
