/**
 * `unbounded-concurrency`: work that already goes through something that bounds it. Recognised by what the limiter
 * is, not by what it is called: a value from a concurrency library (`p-limit`, `p-queue`, `bottleneck`, our own
 * `@awaitwise/core` …), a value built with a capacity (`createGate(4)`, `new Pool({ max: 10 })`) that the work is handed
 * to as a callback, or a function of the program that parks callers in a waiting list before running their task.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeReceiver, rootOfChain, skipOuter } from '../../analysis/syntax/expressions.js';
import { findDescendant } from '../../analysis/syntax/walk.js';
import { requiredModule, thisFieldAssignments } from '../../analysis/syntax/scope.js';
import { programFunction } from '../../analysis/syntax/functions.js';

/** Packages whose exports bound concurrency (limiters, queues, semaphores, worker pools, rate limiters). */
const concurrencyModules = new Set([
  '@awaitwise/core',
  '@awaitwise/redis',
  '@supercharge/promise-pool',
  'async',
  'async-mutex',
  'async-sema',
  'bottleneck',
  'fastq',
  'limiter',
  'neo-async',
  'p-all',
  'p-limit',
  'p-map',
  'p-queue',
  'p-ratelimit',
  'p-throttle',
  'piscina',
  'promise-pool',
  'tinypool',
  'workerpool',
]);

/** Option names that give a value its capacity: `new PQueue({ concurrency: 2 })`, `new Pool({ max: 10 })`. */
const capacityOption =
  /^(concurrency|concurrent|maxConcurrent|maxConcurrency|parallel|parallelism|max|limit|size)$/;

/** What classifies calls as going through a limiter, with the answers per declaration kept for the run. */
export class Limiters {
  private readonly gates = new Map<ts.Node, boolean>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /**
   * `limit(() => io())`, `queue.add(() => io())`, `await semaphore.acquire()`, `gate.run(() => io())`: a call that
   * hands work to a limiter, or a call of a program function whose own work goes through one (one call deep).
   */
  isLimiterCall(call: ts.CallExpression): boolean {
    const callee = skipOuter(call.expression);
    const handsWork = call.arguments.some((argument) => isFunctionValue(argument));
    const holder = limiterHolder(callee);
    if (holder !== undefined) {
      if (this.isLimiterValue(holder, handsWork)) return true;
    }
    const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    const symbol = this.checker.getSymbolAtLocation(at);
    const target = symbol === undefined ? undefined : programFunction(symbol, this.checker);
    return target !== undefined && this.goesThroughLimiter(target);
  }

  /**
   * A program function that bounds what it runs: it parks callers in a waiting list (`waiting.push(resolve)`,
   * `queue.push(task)`) before running its task, or its own body hands work to a limiter.
   */
  private goesThroughLimiter(fn: ts.FunctionLikeDeclaration): boolean {
    const known = this.gates.get(fn);
    if (known !== undefined) return known;
    this.gates.set(fn, false); // recursion: no new evidence
    const body = fn.body;
    const result =
      body !== undefined &&
      (parksCallers(fn, body) ||
        findDescendant(body, (node) => ts.isCallExpression(node) && this.isLimiterCall(node)) !== undefined);
    this.gates.set(fn, result);
    return result;
  }

  /**
   * A value from a concurrency library (by import, `require` or its type's package), or, when work is handed to it,
   * a value built with a capacity.
   */
  private isLimiterValue(holder: ts.Expression, handsWork: boolean): boolean {
    const at = ts.isPropertyAccessExpression(holder) ? holder.name : holder;
    const symbol = this.checker.getSymbolAtLocation(at);
    if (symbol !== undefined && concurrencyModules.has(symbolModule(symbol) ?? '')) return true;
    const type = this.checker.getTypeAtLocation(holder);
    const typeSymbol = type.aliasSymbol ?? type.getSymbol();
    const packageOfType = typeSymbol?.declarations?.[0]
      ?.getSourceFile()
      .fileName.match(/[\\/]node_modules[\\/](?:@types[\\/])?((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/)?.[1];
    if (packageOfType !== undefined && concurrencyModules.has(packageOfType.replace('\\', '/'))) return true;
    return handsWork && symbol !== undefined && this.isBuiltWithCapacity(symbol);
  }

  /**
   * A value made by a call or `new` given a capacity: a number (`pLimit(4)`, `createGate(MAX)`) or an options object
   * with a capacity option (`{ concurrency: 2 }`), through its `const` declaration, its property initializer or an
   * assignment `this.limiter = …`.
   */
  private isBuiltWithCapacity(symbol: ts.Symbol): boolean {
    for (const declaration of [...(symbol.declarations ?? []), ...assignmentsInClass(symbol)]) {
      const made = madeBy(declaration);
      if (made === undefined) continue;
      for (const argument of made.arguments ?? []) {
        const value = skipOuter(argument);
        if (ts.isObjectLiteralExpression(value)) {
          const hasCapacity = value.properties.some(
            (p) =>
              (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
              ts.isIdentifier(p.name) &&
              capacityOption.test(p.name.text),
          );
          if (hasCapacity) return true;
          continue;
        }
        const type = this.checker.getTypeAtLocation(value);
        if (type.flags & ts.TypeFlags.NumberLike) return true;
      }
    }
    return false;
  }
}

/** `this.limiter = new Bottleneck(…)` in the class that declares the property `limiter` without a value. */
function assignmentsInClass(symbol: ts.Symbol): ts.BinaryExpression[] {
  const declaration = symbol.valueDeclaration;
  if (
    declaration === undefined ||
    !ts.isPropertyDeclaration(declaration) ||
    declaration.initializer !== undefined
  )
    return [];
  return thisFieldAssignments(declaration.parent, symbol.name);
}

/** The expression naming the limiter in `limit(…)`, `queue.add(…)`, `this.pool.run(…)`. */
function limiterHolder(callee: ts.Expression): ts.Expression | undefined {
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee)) {
    const receiver = skipOuter(callee.expression);
    if (ts.isIdentifier(receiver) || ts.isPropertyAccessExpression(receiver)) return receiver;
  }
  return undefined;
}

/** The call or `new` whose result a declaration (or an assignment to it) holds. */
function madeBy(declaration: ts.Declaration): ts.CallExpression | ts.NewExpression | undefined {
  let value: ts.Expression | undefined;
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration))
    value = declaration.initializer;
  else if (ts.isPropertyAssignment(declaration)) value = declaration.initializer;
  else if (ts.isBinaryExpression(declaration)) value = declaration.right;
  else if (ts.isPropertyAccessExpression(declaration) && ts.isBinaryExpression(declaration.parent))
    value = declaration.parent.right;
  if (value === undefined) return undefined;
  let inner = skipOuter(value);
  if (ts.isAwaitExpression(inner)) inner = skipOuter(inner.expression);
  return ts.isCallExpression(inner) || ts.isNewExpression(inner) ? inner : undefined;
}

/** `() => …`, `function () {…}`: work handed over to run later. */
function isFunctionValue(argument: ts.Expression): boolean {
  const value = skipOuter(argument);
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value);
}

/**
 * A function that takes a task and, before running it, parks the caller: a function (a resolver or the task) pushed
 * onto a list that later runs are taken from.
 */
function parksCallers(fn: ts.FunctionLikeDeclaration, body: ts.Node): boolean {
  const parameters = new Set(fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : [])));
  if (parameters.size === 0) return false;
  const runsParameter =
    findDescendant(
      body,
      (node) =>
        ts.isCallExpression(node) &&
        ts.isIdentifier(skipOuter(node.expression)) &&
        parameters.has((skipOuter(node.expression) as ts.Identifier).text),
    ) !== undefined;
  if (!runsParameter) return false;
  return (
    findDescendant(body, (node) => {
      if (!ts.isCallExpression(node)) return false;
      const receiver = calleeReceiver(node);
      const callee = skipOuter(node.expression);
      if (receiver === undefined || !ts.isPropertyAccessExpression(callee)) return false;
      if (!/^(push|unshift|enqueue)$/.test(callee.name.text)) return false;
      const pushed = node.arguments[0];
      if (pushed === undefined) return false;
      if (isFunctionValue(pushed)) return true;
      const value = skipOuter(pushed);
      // waiting.push(resolve) inside `new Promise((resolve) => …)`
      if (!ts.isIdentifier(value)) return false;
      return isExecutorParameter(value);
    }) !== undefined
  );
}

function isExecutorParameter(name: ts.Identifier): boolean {
  for (let current = name.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (
      (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) &&
      ts.isNewExpression(current.parent) &&
      ts.isIdentifier(current.parent.expression) &&
      current.parent.expression.text === 'Promise'
    ) {
      return current.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name.text);
    }
  }
  return false;
}

/** The module a symbol is imported or required from: `import pLimit from 'p-limit'`, `require('bottleneck')`. */
export function symbolModule(symbol: ts.Symbol): string | undefined {
  for (const declaration of symbol.declarations ?? []) {
    for (let current = declaration as ts.Node | undefined; current !== undefined; current = current.parent) {
      if (ts.isImportDeclaration(current)) {
        return ts.isStringLiteral(current.moduleSpecifier) ? current.moduleSpecifier.text : undefined;
      }
      if (ts.isVariableDeclaration(current) && current.initializer !== undefined) {
        const required = loadedModule(current.initializer);
        if (required !== undefined) return required;
        const made = madeBy(current);
        // const limit = pLimit(4): the limiter comes from what made it
        if (made !== undefined) {
          const maker = rootOfChain(skipOuter(made.expression));
          if (ts.isIdentifier(maker) && maker !== current.name) {
            const makerDeclaration = findMaker(maker);
            if (makerDeclaration !== undefined) return makerDeclaration;
          }
        }
        break;
      }
      if (ts.isBlock(current) || ts.isSourceFile(current)) break;
    }
  }
  return undefined;
}

/** The module of the function or class that made a value (`pLimit` in `pLimit(4)`), found in the file's imports. */
function findMaker(maker: ts.Identifier): string | undefined {
  const file = maker.getSourceFile();
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause;
      const names = [
        clause.name?.text,
        ...(clause.namedBindings === undefined
          ? []
          : ts.isNamespaceImport(clause.namedBindings)
            ? [clause.namedBindings.name.text]
            : clause.namedBindings.elements.map((e) => e.name.text)),
      ];
      if (names.includes(maker.text) && ts.isStringLiteral(statement.moduleSpecifier))
        return statement.moduleSpecifier.text;
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const bound = ts.isIdentifier(declaration.name)
          ? [declaration.name.text]
          : ts.isObjectBindingPattern(declaration.name)
            ? declaration.name.elements.flatMap((e) => (ts.isIdentifier(e.name) ? [e.name.text] : []))
            : [];
        if (!bound.includes(maker.text) || declaration.initializer === undefined) continue;
        const required = loadedModule(declaration.initializer);
        if (required !== undefined) return required;
      }
    }
  }
  return undefined;
}

/** `require('x')`, `require('x').default`, `await import('x')`: the module name. */
function loadedModule(initializer: ts.Expression): string | undefined {
  let value = skipOuter(initializer);
  if (ts.isAwaitExpression(value)) value = skipOuter(value.expression);
  while (ts.isPropertyAccessExpression(value)) value = skipOuter(value.expression);
  return requiredModule(value, { dynamicImport: true });
}
