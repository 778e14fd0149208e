import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  isFluentStep,
  isThenableType,
  returnsThenable,
  expectsVoidCallback,
} from '../../src/analysis/types/promise-types.js';
import {
  isFluentCall,
  isThenableExpression,
  mayBeCallbackSlot,
  neverThenableSyntax,
  referenceNeverCallable,
  referenceReturnsThenable,
} from '../../src/analysis/types/quick-types.js';

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  strict: true,
  noEmit: true,
  allowJs: true,
  checkJs: true,
  jsx: ts.JsxEmit.Preserve,
  types: [],
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
};
const baseHost = ts.createCompilerHost(options, true);
const libCache = new Map<string, ts.SourceFile | undefined>();

function programFor(files: Readonly<Record<string, string>>): ts.Program {
  const host: ts.CompilerHost = {
    ...baseHost,
    fileExists: (path) => path in files || baseHost.fileExists(path),
    readFile: (path) => files[path] ?? baseHost.readFile(path),
    getSourceFile: (path, languageVersion) => {
      const text = files[path];
      if (text !== undefined) return ts.createSourceFile(path, text, languageVersion, true);
      if (!libCache.has(path)) libCache.set(path, baseHost.getSourceFile(path, languageVersion));
      return libCache.get(path);
    },
  };
  return ts.createProgram({ rootNames: Object.keys(files), options, host });
}

function nodesOf(program: ts.Program, test: (node: ts.Node) => boolean): ts.Node[] {
  const found: ts.Node[] = [];
  for (const file of program.getSourceFiles()) {
    if (file.isDeclarationFile) continue;
    const visit = (node: ts.Node): void => {
      if (test(node)) found.push(node);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** The checker, calling `onCall` with the name and arguments of every method called on it. */
function spyOn(checker: ts.TypeChecker, onCall: (key: string, args: unknown[]) => void): ts.TypeChecker {
  return new Proxy(checker, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        onCall(key, args);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

const where = (node: ts.Node): string => {
  const file = node.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
  return `${file.fileName}:${line + 1} ${node.getText(file).slice(0, 80)}`;
};

/**
 * Compares every quick answer with the direct question it stands for, over every call, reference, argument and
 * return value of the program. Two checkers: the quick answers are asked first in one, last in the other, so that
 * neither side profits from what the other made the checker resolve.
 */
function expectSameAnswers(files: Readonly<Record<string, string>>): number {
  const quick = programFor(files);
  const direct = programFor(files);
  const quickChecker = quick.getTypeChecker();
  const directChecker = direct.getTypeChecker();
  const expressions = (program: ts.Program): ts.Expression[] =>
    nodesOf(program, (node) => ts.isExpression(node) && !ts.isSourceFile(node)) as ts.Expression[];
  const quickNodes = expressions(quick);
  const directNodes = expressions(direct);
  expect(quickNodes.length).toBe(directNodes.length);
  // Differences are collected (with their place, computed only then) and compared once: thousands of `expect`s with
  // a label each would make the test slow.
  const differences: string[] = [];
  const same = (question: string, node: ts.Node, quickAnswer: boolean, directAnswer: boolean): void => {
    if (quickAnswer !== directAnswer) differences.push(`${question} ${where(node)}: ${quickAnswer}`);
  };
  let compared = 0;
  quickNodes.forEach((node, i) => {
    const twin = directNodes[i] as ts.Expression;
    if (twin.kind !== node.kind) throw new Error(`the two programs differ at ${where(node)}`);
    const directThenable = isThenableType(directChecker, directChecker.getTypeAtLocation(twin));
    same('isThenableExpression', node, isThenableExpression(quickChecker, node), directThenable);
    if (neverThenableSyntax(node)) same('neverThenableSyntax', node, false, directThenable);
    if (ts.isCallExpression(node)) {
      same(
        'isFluentCall',
        node,
        isFluentCall(quickChecker, node),
        isFluentStep(directChecker, twin as ts.CallExpression),
      );
    }
    // References are asked about where the rules ask: arguments and property values.
    const valuePosition =
      ((ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent)) &&
        node.parent.arguments?.includes(node) === true) ||
      (ts.isPropertyAssignment(node.parent) && node.parent.initializer === node);
    if (valuePosition && (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node))) {
      same(
        'referenceReturnsThenable',
        node,
        referenceReturnsThenable(quickChecker, node),
        returnsThenable(directChecker, directChecker.getTypeAtLocation(twin)),
      );
    }
    if (valuePosition && (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node))) {
      if (referenceNeverCallable(quickChecker, node)) {
        const type = directChecker.getTypeAtLocation(twin);
        const members = type.isUnion() ? type.types : [type];
        same(
          'referenceNeverCallable',
          node,
          false,
          members.some((m) => m.getCallSignatures().length > 0),
        );
      }
    }
    const parent = node.parent;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments !== undefined) {
      const index = parent.arguments.indexOf(node);
      if (index >= 0 && !mayBeCallbackSlot(quickChecker, parent, index)) {
        // Never a callback slot: the direct question must find no callable member in the slot either.
        const slot = directChecker.getContextualType(twin);
        const members = slot === undefined ? [] : slot.isUnion() ? slot.types : [slot];
        const callable = members.some(
          (m) => directChecker.getNonNullableType(m).getCallSignatures().length > 0,
        );
        same('mayBeCallbackSlot', node, false, callable);
        same('mayBeCallbackSlot (void)', node, false, expectsVoidCallback(directChecker, slot));
      }
    }
    compared++;
  });
  expect(differences).toEqual([]);
  return compared;
}

const tricky = `
declare function plain(x: number): void;
declare function pending(x: number): Promise<number>;
declare function overloaded(x: string): Promise<string>;
declare function overloaded(x: number): number;
declare function agreed(x: string): Promise<string>;
declare function agreed(x: number): PromiseLike<number>;
declare function generic<T>(x: T): T;
declare function genericFlag<T>(x: T): boolean;
declare function genericGuard<T>(x: unknown): x is T;
declare function maybe<T>(x: T): T | Promise<T>;
declare const untyped: any;
declare const union: (() => void) | (() => Promise<void>);
declare const optional: { run?: () => Promise<void> };
declare function rest(a: number, ...callbacks: Array<() => void>): void;
declare function tupleRest(...args: [number, () => void]): void;
declare function withThis(this: Window, callback: () => void): void;
declare const thenable: { then(onfulfilled: (value: number) => void): void };
declare const notThenable: { then: number };
declare class Job { constructor(work: () => void); start(): this; wait(): Promise<void> }
declare const lazy: <T>(make: () => T) => T;
declare let narrowed: unknown;
declare function isAsyncFn(x: unknown): x is () => Promise<void>;

async function run(): Promise<void> {}
function sync(): number { return 1; }
const arrow = async () => 1;
const counter = 0;
const settings = { retries: 3 };

plain(1);
pending(1);
overloaded('a');
overloaded(1);
agreed('a');
generic(pending(1));
generic(1);
genericFlag(pending(1));
genericGuard<number>(1);
maybe(1);
untyped();
untyped.anything(1);
union();
optional.run?.();
rest(1, () => {}, sync, run);
tupleRest(1, () => {});
new Job(run).start().wait();
new Job(() => {});
lazy(() => pending(1));
lazy(run);
setTimeout(run, counter);
[1, 2].forEach(run);
[1, 2].map((n) => pending(n));
thenable;
notThenable;
Promise.resolve(1).then(() => 2);
(pending)(1);
(0, pending)(1);
run;
sync;
arrow;
settings.retries;
Job;
if (isAsyncFn(narrowed)) setTimeout(narrowed, 1);
if (typeof narrowed === 'function') setTimeout(narrowed as () => void, 1);
const conditional = counter > 0 ? pending(1) : 2;
const sum = counter + 1;
const text = \`\${counter}\`;
const flag = !counter;
const either = counter || pending(1);
window.addEventListener('load', run);
export { conditional, sum, text, flag, either };
`;

// vitest's mock types, in their shape: \`spyOn\` returns a conditional type whose branch is an alias to an
// intersection with a mapped type over the spied function, and \`vi.spyOn\` is declared \`typeof spyOn\`.
const mockTypes = `
type Procedure = (...args: any[]) => any;
type Methods<T> = keyof { [K in keyof T as T[K] extends Procedure ? K : never]: T[K] };
interface MockInstance<T extends Procedure = Procedure> {
  mockImplementation(fn: T): this;
  mockReturnValue(value: ReturnType<T>): this;
  mockResolvedValue(value: Awaited<ReturnType<T>>): this;
  mockName(name: string): this;
  mockRestore(): void;
  getMockName(): string;
}
type Mock<T extends Procedure = Procedure> = MockInstance<T> & { (...args: Parameters<T>): ReturnType<T> } & {
  [P in keyof T]: T[P];
};
declare function spyOn<T extends object, M extends Methods<Required<T>>>(
  object: T,
  key: M,
): Required<T>[M] extends Procedure ? Mock<Required<T>[M]> : never;
declare function fn<T extends Procedure = Procedure>(implementation?: T): Mock<T>;
declare const vi: { spyOn: typeof spyOn; fn: typeof fn };
`;

// Members read from declarations: receivers whose class a callee names, mapped types, \`this\` returns, symbol keys.
const declared = `
type Promisified<T> = { [K in keyof T]: T[K] extends (...a: infer A) => unknown ? (...a: A) => Promise<void> : T[K] };
declare class Emitter { on(event: string, listener: () => void): this; emit(event: string): boolean; }
declare const emitter: Emitter;
declare const promisified: Promisified<Emitter>;
declare const partial: Partial<Emitter>;
emitter.on('x', () => {}).emit('y');
promisified.emit('x');
promisified.on('x', () => {});
partial.emit!('x');
declare class Builder { where(x: number): this; then(onfulfilled: (value: number) => void): void; }
declare const builder: Builder;
builder.where(1);
declare function builderOf(): Builder;
builderOf().where(2);
declare class ThenBase { then(onfulfilled: (value: number) => void): void }
declare class Sub extends ThenBase { next(): this }
declare function sub(): Sub;
sub().next();
declare class SymbolKeyed { [Symbol.iterator](): Iterator<number>; next(): this }
declare const symbolKeyed: SymbolKeyed;
symbolKeyed.next();
const thenKey = 'then';
declare class StringKeyed { [thenKey](onfulfilled: (v: number) => void): void; next(): this }
declare function stringKeyed(): StringKeyed;
stringKeyed().next();
const uniqueKey: unique symbol = Symbol('k');
declare class UniqueKeyed { [uniqueKey](): void; next(): this }
declare function uniqueKeyed(): UniqueKeyed;
uniqueKeyed().next();
class Overloaded {
  run(x: string): void;
  run(x: number): void;
  run(x: unknown): Promise<void> | void { return x === 1 ? Promise.resolve() : undefined; }
}
new Overloaded().run('a');
interface Indexed { [name: string]: () => Promise<void> }
declare const indexed: Indexed;
indexed.anything();
declare function indexedOf(): Indexed;
indexedOf().anything();
class WithParamThen { constructor(public then: (f: () => void) => void) {} chain(): this { return this; } }
new WithParamThen(() => {}).chain();
declare function mixin<T>(base: T): T;
class Mixed extends mixin(Emitter) {}
new Mixed().on('x', () => {});
declare class Cursor { limit(n: number): this; all(): Promise<number[]>; each(fn: (n: number) => void): void; size: number }
declare class Store { query(filter: { id?: number }): Cursor; query(): Cursor }
declare const store: Store;
store.query({ id: 1 }).limit(1);
store.query().all();
store.query().each(() => {});
type CursorAlias = Cursor;
declare function aliased(): CursorAlias;
aliased().limit(3);
declare class Derived extends Cursor { extra(): void; all(): Promise<number[]> }
declare function derived(): Derived;
derived().limit(1).extra();
derived().all();
declare function either(): Cursor | Derived;
either().limit(1);
class Statics { static make(): Promise<void> { return Promise.resolve(); } make(): void {} }
new Statics().make();
interface Base1 { first(): void } interface Base2 { second(): Promise<void> }
interface Both extends Base1, Base2 { own(): this }
declare function both(): Both;
both().first(); both().second(); both().own();
declare function fetchOne<T>(id: T): Promise<T>;
declare function fetchMaybe<T>(id: T): Promise<T> | T;
declare function fetchAny<T>(id: T): Promise<T> | any;
declare function fetchUnknown<T>(id: T): Promise<T> | unknown;
declare function fetchNever<T>(id: T): Promise<T> & never;
declare function fetchBoth<T>(id: T): Promise<T> & { id: T };
declare function fetchOrNot(id: string): Promise<string>;
declare function fetchOrNot(id: number): number;
class Service {
  async load() { return 1; }
  async *stream() { yield 1; }
  sync() { return 1; }
  async typed<T>(x: T): Promise<T> { return x; }
}
const service = new Service();
fetchOne(1);
fetchMaybe(1);
fetchMaybe(Promise.resolve(1));
fetchAny(1);
fetchUnknown(1);
fetchNever(1);
fetchBoth(1);
fetchOrNot('a');
fetchOrNot(1);
service.load();
service.stream();
service.sync();
service.typed(1);
class Deferred<T> implements PromiseLike<T> {
  then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): PromiseLike<A | B> {
    return Promise.resolve(undefined as T).then(onfulfilled, onrejected);
  }
}
class Plain { value = 1 }
new Deferred<number>();
new Plain();
new Service();
declare const settingsArg: { retries: number };
declare const listArg: string[];
declare const maybeHandler: (() => Promise<void>) | undefined;
declare const cursorArg: Cursor;
declare function takesAnything(...values: unknown[]): void;
declare function takesCallback(fn: () => void, options?: { retries: number }): void;
takesAnything(settingsArg, listArg, maybeHandler, cursorArg, store.query().size);
${mockTypes}
declare const client: { multi(): Cursor; multi(n: number): Cursor; unlink(key: string): Promise<number>; size: number };
vi.spyOn(client, 'multi').mockImplementation(() => { throw new Error('down'); });
vi.spyOn(client, 'multi').mockReturnValue(store.query());
vi.spyOn(client, 'unlink').mockResolvedValue(1).mockName('unlink');
vi.spyOn(client, 'multi').mockRestore();
vi.fn().mockImplementation(() => 1);
spyOn(client, 'unlink');
conditionalCursor(1).limit(2);
conditionalCursor('a').limit(2);
conditionalPromise(1);
declare function conditionalCursor<T>(x: T): T extends number ? Cursor : never;
declare function conditionalPromise<T>(x: T): T extends number ? Promise<T> : never;
declare function conditionalEither<T>(x: T): T extends number ? Cursor : Cursor;
conditionalEither(1).limit(1);
declare const api: { fetch: typeof fetchOne; conditional: typeof conditionalCursor };
api.fetch(1);
api.conditional(1).limit(1);
takesCallback(maybeHandler ?? (() => {}), settingsArg);
if (maybeHandler) takesCallback(maybeHandler, settingsArg);
export {};
`;

const javascript = `
/** @param {() => Promise<void>} fn */
function call(fn) { return fn(); }
function variadic() { return arguments.length; }
call(async () => {});
variadic(1, () => {});
/** @type {(x: number) => Promise<number>} */
const typed = async (x) => x;
typed(1);
`;

describe('quick-types', () => {
  it('answers exactly what the direct questions answer on tricky code', () => {
    const compared = expectSameAnswers({
      '/tricky.ts': tricky,
      '/script.js': javascript,
      '/declared.ts': declared,
    });
    expect(compared).toBeGreaterThan(400);
  });

  it('answers exactly what the direct questions answer on the sources of @awaitwise/core', () => {
    const roots = [join(import.meta.dirname, '../../../core/src')];
    const files: Record<string, string> = {};
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) files[path] = readFileSync(path, 'utf8');
      }
    };
    for (const root of roots) walk(root);
    expect(expectSameAnswers(files)).toBeGreaterThan(5_000);
  });

  it('does not resolve a call whose callee signatures agree', () => {
    const program = programFor({
      '/a.ts': `declare function save(x: { id: number }): Promise<void>;\ndeclare function log(x: unknown): void;\nsave({ id: 1 });\nlog({ id: 1 });\n`,
    });
    const checker = program.getTypeChecker();
    const calls = nodesOf(program, ts.isCallExpression) as ts.CallExpression[];
    const resolved: string[] = [];
    const spy = spyOn(checker, (key, args) => {
      const first = args[0] as ts.Node | undefined;
      if (key === 'getTypeAtLocation' && first !== undefined && ts.isCallExpression(first)) {
        resolved.push(first.getText());
      }
      if (key === 'getResolvedSignature') resolved.push('getResolvedSignature');
    });
    expect(calls.map((call) => isThenableExpression(spy, call))).toEqual([true, false]);
    expect(resolved).toEqual([]);
  });

  it('decides a reference to a function once, from its symbol', () => {
    const program = programFor({
      '/a.ts': `async function job() {}\nconst n = 1;\nsetTimeout(job, n);\nsetTimeout(job, n);\n`,
    });
    const checker = program.getTypeChecker();
    const references = nodesOf(
      program,
      (node) => ts.isIdentifier(node) && ts.isCallExpression(node.parent) && node.parent.expression !== node,
    ) as ts.Identifier[];
    let located = 0;
    const spy = spyOn(checker, (key) => {
      if (key === 'getTypeAtLocation') located++;
    });
    expect(references.map((reference) => referenceReturnsThenable(spy, reference))).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(located).toBe(0);
  });

  it('answers a method call from the declarations, without the type of the method or of the call it is made on', () => {
    const program = programFor({
      '/a.ts': `
type Filter<T> = { [K in keyof T]?: T[K] | { $in: T[K][] } };
declare class Cursor<T> { limit(n: number): this; count(): number; all(): Promise<T[]> }
class Collection<T> {
  find(filter: Filter<T>): Cursor<T>;
  find(): Cursor<T>;
  find(filter?: Filter<T>): Cursor<T> | Promise<never> {
    return filter === undefined ? Promise.reject(new Error('no filter')) : (undefined as never);
  }
}
class Jobs { static start(): Promise<void> { return Promise.resolve(); } start(): void {} }
declare const users: Collection<{ name: string; age: number }>;
users.find({ age: 3 }).limit(10);
users.find().count();
new Jobs().start();
`,
    });
    const checker = program.getTypeChecker();
    const calls = nodesOf(program, ts.isExpressionStatement)
      .map((statement) => (statement as ts.ExpressionStatement).expression)
      .filter(ts.isCallExpression);
    const asked: string[] = [];
    const spy = spyOn(checker, (key, args) => {
      const first = args[0] as ts.Node | undefined;
      if (key === 'getResolvedSignature' || key === 'getTypeOfSymbol') asked.push(key);
      if (key === 'getTypeAtLocation' && first !== undefined) asked.push(`${key} ${first.getText()}`);
    });
    expect(calls.map((call) => isThenableExpression(spy, call))).toEqual([false, false, false]);
    // Only the receivers whose class no callee names: `users` (to find `find`).
    expect(asked).toEqual(['getTypeAtLocation users', 'getTypeAtLocation users']);
  });

  it('answers a mock configured through vitest-shaped types without resolving the configuring call', () => {
    // In the keyv monorepo, resolving \`vi.spyOn(client, 'multi').mockImplementation(…)\` over node-redis's client
    // types cost the checker 151 s and 8.6 GB: the arrow is checked against the mock of a union of generic overloads.
    // Both questions floating-promise asks about that statement are answered from \`mockImplementation\`'s
    // declaration (it returns \`this\`) and the receiver's type, which costs little.
    const program = programFor({
      '/a.ts': `${mockTypes}
declare const client: { multi(): number; multi(n: number): string; size: number };
vi.spyOn(client, 'multi').mockImplementation(() => { throw new Error('down'); });
`,
    });
    const checker = program.getTypeChecker();
    const [statement] = nodesOf(program, ts.isExpressionStatement) as ts.ExpressionStatement[];
    const call = statement?.expression;
    if (call === undefined || !ts.isCallExpression(call)) throw new Error('no call');
    const configured = [call, call.expression].map((node) => node.getText());
    const asked: string[] = [];
    const spy = spyOn(checker, (key, args) => {
      const first = args[0] as ts.Node | undefined;
      if (key === 'getResolvedSignature' && first !== undefined) asked.push(`${key} ${first.getText()}`);
      if (key === 'getTypeAtLocation' && first !== undefined) asked.push(`${key} ${first.getText()}`);
    });
    expect(isThenableExpression(spy, call)).toBe(false);
    expect(isFluentCall(spy, call)).toBe(true);
    expect(asked.filter((question) => configured.some((text) => question.endsWith(` ${text}`)))).toEqual([]);
    expect(asked.length).toBeGreaterThan(0);
  });

  it('knows an argument declared with a type that has no call signature is no callback, without its type', () => {
    const program = programFor({
      '/a.ts': `
interface Options { retries: number }
type Mode = 'fast' | 'slow';
declare function run(...values: unknown[]): void;
function call(options: Options, mode: Mode, names: string[], handler: () => void) { run(options, mode, names, handler); }
`,
    });
    const checker = program.getTypeChecker();
    const [call] = nodesOf(
      program,
      (node) => ts.isCallExpression(node) && node.expression.getText() === 'run',
    ) as ts.CallExpression[];
    if (call === undefined) throw new Error('no call');
    let typed = 0;
    const spy = spyOn(checker, (key) => {
      if (key !== 'getSymbolAtLocation' && key !== 'getAliasedSymbol') typed++;
    });
    expect(call.arguments.map((argument) => referenceNeverCallable(spy, argument))).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(typed).toBe(0);
  });

  it('knows an argument slot is no callback from the callee alone', () => {
    const program = programFor({
      '/a.ts': `declare function f(a: number, b: () => void, ...rest: string[]): void;\nf(1, () => {}, 'x', 'y');\n`,
    });
    const checker = program.getTypeChecker();
    const [call] = nodesOf(program, ts.isCallExpression) as ts.CallExpression[];
    if (call === undefined) throw new Error('no call');
    expect([0, 1, 2, 3].map((index) => mayBeCallbackSlot(checker, call, index))).toEqual([
      false,
      true,
      false,
      false,
    ]);
  });

  it('tells primitive-valued syntax apart from syntax that can hold any value', () => {
    const expression = (text: string): ts.Expression => {
      const file = ts.createSourceFile('/x.ts', `(${text});`, ts.ScriptTarget.ES2022, true);
      const statement = file.statements[0] as ts.ExpressionStatement;
      return (statement.expression as ts.ParenthesizedExpression).expression;
    };
    for (const text of ['1', "'a'", '`a${b}`', 'a === b', 'a + b', '!a', 'typeof a', 'void a', 'a ? 1 : 2']) {
      expect(neverThenableSyntax(expression(text)), text).toBe(true);
    }
    for (const text of [
      'a',
      'a()',
      'a || b',
      'a ?? b',
      'a ? b : 1',
      '(a, b)',
      '{ then() {} }',
      '[a]',
      'new A()',
    ]) {
      expect(neverThenableSyntax(expression(text)), text).toBe(false);
    }
  });
});
