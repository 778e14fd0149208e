import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { initializedVariable } from '../../src/analysis/syntax/scope.js';

/** The last identifier named `name` in the text (the use a rule would follow back). */
function lastUse(text: string, name: string): ts.Identifier {
  const file = ts.createSourceFile('/app/src/module.ts', text, ts.ScriptTarget.Latest, true);
  let found: ts.Identifier | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (found === undefined) throw new Error(`no identifier ${name} in the text`);
  return found;
}

describe('initializedVariable', () => {
  it('follows a name to the declaration that gave it its value', () => {
    const declared = initializedVariable(lastUse('const stat = promisify(fs.stat);\nstat(path);', 'stat'));
    expect(declared?.initializer.getText()).toBe('promisify(fs.stat)');
  });

  it('takes the nearest declaration: a local hides the module one', () => {
    const text = 'const load = a();\nfunction f() {\n  const load = b();\n  load();\n}';
    expect(initializedVariable(lastUse(text, 'load'))?.initializer.getText()).toBe('b()');
  });

  it.each([
    ['a variable declared without a value', 'let timer;\ntimer = 1;\nclear(timer);', 'timer'],
    ['a parameter', 'function f(emitter) {\n  emitter.on("x", g);\n}', 'emitter'],
    ['a function', 'function load() {}\nload();', 'load'],
    ['a global', 'process.exit(0);', 'process'],
  ])('nothing for %s', (_what, text, name) => {
    expect(initializedVariable(lastUse(text, name))).toBeUndefined();
  });
});
