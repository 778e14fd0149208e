import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { soleCallSignature } from '../../../src/analysis/types/quick-types.js';
import { runRulesOnFile } from '../../../src/engine/run-rules.js';
import { allRules } from '../../../src/index.js';
import { createNativeProgram } from '../../../src/engine/native/program.js';
import { openNativeSession, type NativeSession } from '../../../src/engine/native/session.js';
import { testCompilerOptions } from '../../../src/testing.js';
import { tempProject } from '../../../../../test/support/temp-project.js';

// What the native checker facade answers without a request of its own, counted on a fixed small project
// (deterministic: request counts, not times), each answer compared with the TypeScript 6 checker's.

// The testing programs' options, with JSX kept as written (no runtime module to resolve), the ES2023 library alone and
// no \`@types\`.
const options: ts.CompilerOptions = {
  ...testCompilerOptions,
  jsx: ts.JsxEmit.Preserve,
  lib: ['lib.es2023.d.ts'],
  types: [],
};

const files: Record<string, string> = {
  'src/store.ts': `export class Store {
  get(key: string): number { return key.length; }
  set(key: string, value: number): void { void key; void value; }
  has(key: string): boolean { return key !== ''; }
}
export async function load(): Promise<number> { return 1; }
export const version = 1;
`,
  'src/index.ts': `export { load as fetchAll } from './store.js';\nexport * from './store.js';\n`,
  'src/widget.ts': `export default function widget(): number { return 1; }\n`,
  'src/main.ts': `import { Store, load, version } from './store.js';
import { fetchAll, Store as Again } from './index.js';
import widget from './widget.js';
const store = new Store();
store.get('a');
store.set('a', 1);
store.has('a');
const handler = async (): Promise<void> => { await load(); };
const later = 2;
setTimeout(handler, version, store, later);
void fetchAll;
void Again;
void widget;
`,
  'src/flow.ts': `declare function fetchRow(id: string): Promise<string>;
async function save(id: string): Promise<string> { return fetchRow(id); }
async function remember(id: string) { const saved = await save(id); return saved; }
export async function both(id: string) {
  const first = await remember(id);
  const second = await remember(id + '2');
  return [first, second];
}
`,
  'src/view.tsx': `declare function Button(props: { onClick: () => void }): null;
const save = async (): Promise<void> => {};
export const view = <Button onClick={save} />;
`,
};

function firstNode<T extends ts.Node>(file: ts.SourceFile, test: (node: ts.Node) => node is T): T {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (found === undefined && test(node)) found = node;
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (found === undefined) throw new Error('no such node');
  return found;
}

function identifierNamed(file: ts.SourceFile, text: string, parentKind: ts.SyntaxKind): ts.Identifier {
  return firstNode(
    file,
    (node): node is ts.Identifier =>
      ts.isIdentifier(node) && node.text === text && node.parent.kind === parentKind,
  );
}

/** The type, as text, of the symbol an identifier names (the first identifier `text` under a `parentKind`). */
function typeOfSymbolNamed(
  checker: ts.TypeChecker,
  file: ts.SourceFile,
  text: string,
  parentKind: ts.SyntaxKind,
): string {
  const symbol = checker.getSymbolAtLocation(identifierNamed(file, text, parentKind));
  if (symbol === undefined) throw new Error(`no symbol for ${text}`);
  return checker.typeToString(checker.getTypeOfSymbol(symbol));
}

/** Where a symbol is declared, comparable across the two engines. */
function declaredAt(symbol: ts.Symbol | undefined): string[] {
  return (symbol?.declarations ?? []).map(
    (d) => `${d.getSourceFile().fileName.replace(/.*\/src\//, '')}:${d.pos}:${ts.SyntaxKind[d.kind]}`,
  );
}

describe('the native facade answers from what it already has', () => {
  let session: NativeSession;
  let project: ReturnType<typeof tempProject>;
  let rootNames: string[];

  beforeAll(() => {
    project = tempProject(files);
    rootNames = Object.keys(files).map((name) => join(project.dir, name));
    session = openNativeSession({ cwd: project.dir });
  });
  afterAll(() => {
    session.close();
    project.cleanup();
  });

  /** Runs `ask` on a file (the main one) with each engine's checker; returns both answers and the native requests made. */
  function onBothEngines<T>(
    ask: (checker: ts.TypeChecker, main: ts.SourceFile, program: ts.Program) => T,
    fileName = 'src/main.ts',
  ): {
    native: T;
    ts6: T;
    requests: (method: string) => number;
  } {
    const main = join(project.dir, fileName);
    const ts6Program = ts.createProgram({ rootNames, options });
    const ts6Main = ts6Program.getSourceFile(main);
    if (ts6Main === undefined) throw new Error('lost the file');
    const ts6 = ask(ts6Program.getTypeChecker(), ts6Main, ts6Program);
    const opened = session.openProject({ configFile: undefined, rootNames, options });
    try {
      const program = createNativeProgram(opened, { rootNames, options, texts: new Map() });
      const nativeMain = program.getSourceFile(main);
      if (nativeMain === undefined) throw new Error('lost the file');
      const checker = program.getTypeChecker();
      // The file's nodes are prefetched on the first question; requests are counted from there.
      checker.getTypeAtLocation(nativeMain.statements[0] as ts.Node);
      const before = new Map(session.roundTripsByMethod());
      const native = ask(checker, nativeMain, program);
      const after = session.roundTripsByMethod();
      return {
        native,
        ts6,
        requests: (method) => (after.get(method) ?? 0) - (before.get(method) ?? 0),
      };
    } finally {
      opened.close();
    }
  }

  it('resolves named and default imports through their module exports: one request per module, none per import', () => {
    const { native, ts6, requests } = onBothEngines((checker, main) =>
      ['Store', 'load', 'version', 'fetchAll', 'Again', 'widget'].map((name) => {
        const specifier =
          name === 'widget'
            ? identifierNamed(main, name, ts.SyntaxKind.ImportClause)
            : identifierNamed(main, name, ts.SyntaxKind.ImportSpecifier);
        const alias = checker.getSymbolAtLocation(specifier);
        if (alias === undefined) throw new Error(`no symbol for ${name}`);
        return declaredAt(checker.getAliasedSymbol(alias));
      }),
    );
    expect(native).toEqual(ts6);
    expect(native[3]).toEqual(native[1]); // fetchAll is load, through the re-export
    expect(native[4]).toEqual(native[0]); // Again is Store, through `export *`
    expect(native[5]).toEqual(['widget.ts:0:FunctionDeclaration']); // the default export
    // The re-export `export { load as fetchAll }` is an alias of its own, resolved once; every import is answered
    // from the exports of './store.js', './index.js' and './widget.js'.
    expect(requests('getExportsOfModule')).toBe(3);
    expect(requests('getAliasedSymbol')).toBe(1);
  });

  it("reads a type's properties from its property list from the third name asked of it", () => {
    const { native, ts6, requests } = onBothEngines((checker, main) => {
      const store = identifierNamed(main, 'store', ts.SyntaxKind.PropertyAccessExpression);
      const type = checker.getTypeAtLocation(store);
      return ['get', 'set', 'has', 'missing', 'toString'].map((name) =>
        declaredAt(checker.getPropertyOfType(type, name)),
      );
    });
    expect(native).toEqual(ts6);
    expect(native[3]).toEqual([]); // no such property
    expect(native[4]).not.toEqual([]); // `Object`'s member: not in the list, so asked
    // `get` and `set` are asked alone; at `has` the list comes, which answers it; `missing` and `toString` are not
    // in it and are asked.
    expect(requests('getPropertiesOfType')).toBe(1);
    expect(requests('getPropertyOfType')).toBe(4);
  });

  it('asks the types of symbols given as callbacks with the file, in one request', () => {
    const { native, ts6, requests } = onBothEngines((checker, main) =>
      typeOfSymbolNamed(checker, main, 'handler', ts.SyntaxKind.CallExpression),
    );
    expect(native).toBe(ts6);
    expect(requests('getTypeOfSymbol')).toBe(0);
  });

  it('leaves the types of fewer than three callback symbols of a file to be asked when a rule asks', () => {
    const { native, ts6, requests } = onBothEngines(
      (checker, view) => typeOfSymbolNamed(checker, view, 'save', ts.SyntaxKind.JsxExpression),
      'src/view.tsx',
    );
    expect(native).toBe(ts6);
    expect(requests('getTypesOfSymbols')).toBe(0);
    expect(requests('getTypeOfSymbol')).toBe(1);
  });

  it("asks a JSX attribute's value with the file", () => {
    const { native, ts6, requests } = onBothEngines((checker, view) => {
      const save = identifierNamed(view, 'save', ts.SyntaxKind.JsxExpression);
      return [
        declaredAt(checker.getSymbolAtLocation(save)),
        checker.typeToString(checker.getTypeAtLocation(save)),
      ];
    }, 'src/view.tsx');
    expect(native).toEqual(ts6);
    expect(requests('getSymbolAtLocation')).toBe(0);
    expect(requests('getTypeAtLocation')).toBe(0);
  });

  it("sequential-await resolves no call of a program function's body whose type and only signature answer", () => {
    const rule = allRules.find((candidate) => candidate.meta.id === 'sequential-await');
    if (rule === undefined) throw new Error('no sequential-await rule');
    const rules = [{ rule, severity: 'error' as const, options: rule.validateOptions?.({}) ?? {} }];
    const { native, ts6, requests } = onBothEngines(
      (_checker, flow, program) =>
        runRulesOnFile({ program, sourceFile: flow, rules }).map((f) => `${f.line}:${f.ruleId}`),
      'src/flow.ts',
    );
    expect(native).toEqual(ts6);
    expect(native).toHaveLength(1);
    expect(requests('getResolvedSignature')).toBe(0);
  });
});

describe('soleCallSignature', () => {
  const code = `declare function one(x: number): Promise<number>;
declare function two(x: number): number;
declare function two(x: string): string;
declare function generic<T>(x: T): T;
declare const maybe: { run(): void } | undefined;
one(1);
two(1);
generic('a');
maybe?.run();
`;

  function calls(): { checker: ts.TypeChecker; calls: ts.CallExpression[] } {
    const host = ts.createCompilerHost(options, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version) =>
      name === '/virtual/main.ts'
        ? ts.createSourceFile(name, code, version, true)
        : getSourceFile(name, version);
    const program = ts.createProgram({ rootNames: ['/virtual/main.ts'], options, host });
    const file = program.getSourceFile('/virtual/main.ts');
    if (file === undefined) throw new Error('lost the file');
    const found: ts.CallExpression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) found.push(node);
      ts.forEachChild(node, visit);
    };
    visit(file);
    return { checker: program.getTypeChecker(), calls: found };
  }

  it("is the callee's only signature, with the declaration of the signature the call resolves to", () => {
    const {
      checker,
      calls: [one, , generic],
    } = calls();
    for (const call of [one, generic]) {
      if (call === undefined) throw new Error('missing call');
      const sole = soleCallSignature(checker, call);
      expect(sole).toBeDefined();
      expect(sole?.declaration).toBe(checker.getResolvedSignature(call)?.declaration);
    }
  });

  it('is undefined for an overloaded callee and an optional call (the call must be resolved)', () => {
    const {
      checker,
      calls: [, two, , optional],
    } = calls();
    if (two === undefined || optional === undefined) throw new Error('missing call');
    expect(soleCallSignature(checker, two)).toBeUndefined();
    expect(soleCallSignature(checker, optional)).toBeUndefined();
  });
});
