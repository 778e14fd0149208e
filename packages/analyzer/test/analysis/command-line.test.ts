import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { hasShebang, isCommandLineScript } from '../../src/analysis/project/command-line.js';

const source = (text: string, fileName = '/app/src/tool.js'): ts.SourceFile =>
  ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);

describe('hasShebang', () => {
  it.each([
    '#!/usr/bin/env node\nmain();',
    // ESLint hands the parser the shebang as a comment: the plugin must see the same program as the CLI.
    '///usr/bin/env node\nmain();',
    '///bin/sh\n',
    '///usr/local/bin/node\n',
  ])('a command: %j', (text) => {
    expect(hasShebang(source(text))).toBe(true);
    expect(isCommandLineScript(source(text))).toBe(true);
  });

  it.each([
    '/// <reference types="node" />\n',
    '// usr/bin/env node\n',
    'main(); // #!/usr/bin/env node\n',
    '',
  ])('not a command: %j', (text) => {
    expect(hasShebang(source(text))).toBe(false);
    expect(isCommandLineScript(source(text))).toBe(false);
  });
});
