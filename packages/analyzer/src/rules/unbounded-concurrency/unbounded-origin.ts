/**
 * `unbounded-concurrency`: evidence that a collection is unbounded, from where it comes (request input, rows of a query
 * without a limit, ids parsed from a document, a directory listing, every page of a listing).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isAssignmentOperator,
  rootName,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../../analysis/syntax/expressions.js';
import { programFunction } from '../../analysis/syntax/functions.js';
import { returnedExpressions } from './io.js';
import { symbolModule } from './limiters.js';
import { enclosingScope, isAsyncFunction, isFunctionLike } from '../../analysis/syntax/functions.js';
import { initializedVariable } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachDescendant, forEachInFunction } from '../../analysis/syntax/walk.js';
import { callTakingCallback, enclosingLoop, enclosingVisitorCall } from './fan-out.js';
import { awaited, isSmallCollection, pageOption } from './small-collection.js';

/** Array methods and helpers whose result comes from their receiver (or first argument) element by element. */
const derivedFromReceiver = new Set([
  'filter',
  'map',
  'flatMap',
  'flat',
  'slice',
  'sort',
  'toSorted',
  'reverse',
  'toReversed',
  'concat',
  'values',
  'keys',
  'entries',
  // query builders chained before the rows come back
  'exec',
  'lean',
  'populate',
  'orderBy',
  'where',
  'toArray',
  // a cursor's rows: `Votes.find(selector).fetch()`
  'fetch',
]);
const derivedFromArgument =
  /^(from|values|keys|entries|uniq|uniqBy|compact|flatten|sortBy|orderBy|castArray|groupBy|keyBy|countBy|partition)$/;

/** Queries returning every matching row unless given a limit. */
const queryCalls = /^(findAll|findMany|findAndCountAll|select|all|getAll|fetchAll|listAll)$/;

/**
 * Where a collection evidently comes from, when the code shows it is unbounded: request input, rows of a query given
 * no limit, a call that fetches "all" or a whole list, ids parsed or collected from a document or value, a directory
 * listing, every page of a listing accumulated in a loop. Follows variables, destructuring, `filter`/`map`/`Set`
 * copies and, for a function's parameter, what the function's callers in the program pass. `depth` is a budget:
 * hops from one function to another (a caller, a returned value, a field's assignments) cost two, steps inside one
 * function cost {@link Origins.step}; a name met again on the way stops the walk.
 */
export class Origins {
  private readonly exposed = new Map<ts.Node, boolean>();
  /** The declarations whose origin is being worked out, to stop at a cycle instead of counting steps. */
  private readonly visiting = new Set<ts.Node>();

  /**
   * What one step inside a function costs of the budget: nothing in `strict` (a chain of copies is as evident as one
   * step, and a name met again stops the walk), one by default, where a long chain is left unreported: it reached
   * configuration-sized lists on the whole repositories (npm-check-updates' upgrade groups).
   */
  private readonly step: number;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
    strict = false,
  ) {
    this.step = strict ? 0 : 1;
  }

  of(expression: ts.Expression, depth = 0): string | undefined {
    if (depth > 12) return undefined;
    const node = skipOuter(expression);
    if (ts.isAwaitExpression(node))
      return (
        this.of(node.expression, depth + this.step) ??
        this.ofResponse(node.expression) ??
        this.ofAsyncResult(node.expression, depth)
      );
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) {
        if (!ts.isSpreadElement(element)) continue;
        const origin = this.of(element.expression, depth + this.step);
        if (origin !== undefined) return origin;
      }
      return undefined;
    }
    if (ts.isNewExpression(node)) {
      const first = node.arguments?.[0];
      return ts.isIdentifier(node.expression) &&
        /^(Set|Map)$/.test(node.expression.text) &&
        first !== undefined
        ? this.of(first, depth + this.step)
        : undefined;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      if (isRequestInput(node)) return 'request input';
      const object = skipOuter(node.expression);
      if (object.kind === ts.SyntaxKind.ThisKeyword) {
        const symbol = ts.isPropertyAccessExpression(node)
          ? this.checker.getSymbolAtLocation(node.name)
          : undefined;
        if (symbol === undefined) return undefined;
        if (isDrainedBuffer(symbol)) return 'a buffer that callers fill';
        return this.ofField(symbol, depth);
      }
      return this.of(object, depth + this.step);
    }
    // `parentId ? findChildren(parentId) : []`: what either branch can hold
    if (ts.isConditionalExpression(node))
      return this.of(node.whenTrue, depth + this.step) ?? this.of(node.whenFalse, depth + this.step);
    if (ts.isCallExpression(node)) return this.ofCall(node, depth);
    if (ts.isIdentifier(node)) return this.ofName(node, depth);
    // `byUser[id] ?? []`, `rows || []`: what the fallback stands in for
    if (
      ts.isBinaryExpression(node) &&
      (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
    )
      return this.of(node.left, depth + this.step) ?? this.of(node.right, depth + this.step);
    return undefined;
  }

  private ofCall(call: ts.CallExpression, depth: number): string | undefined {
    const name = calleeName(call);
    if (name === undefined) return undefined;
    const receiver = calleeReceiver(call);
    const receiverName = receiver === undefined ? undefined : rootName(receiver);
    if (/^(parse|extract|collect|scan)/i.test(name) || name === 'match' || name === 'matchAll')
      return 'values parsed from a document or input';
    // lines of a file or an upload (a comma-separated setting is a short list someone typed)
    const separator = call.arguments[0];
    if (name === 'split' && separator !== undefined && /\\[nr]/.test(separator.getText()))
      return 'lines of a text';
    if ((listingCalls.test(name) || this.isFromGlobPackage(call)) && !isFewPaths(call, this.checker))
      return 'a directory listing';
    if (name === 'then' && receiver !== undefined) {
      // list().then((rows) => rows.filter(…)): what the callback returns
      const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
      if (callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)))
        return this.returnedBy(callback, depth);
    }
    if (name === 'json' && call.arguments.length === 0 && receiver !== undefined)
      return 'the body of a response';
    if (receiverName === 'Promise') return undefined;
    const limited = call.arguments.some((argument) => hasPageOption(argument));
    if (queryCalls.test(name) || (name === 'find' && receiver !== undefined && isModelLike(receiver))) {
      if (limited) return undefined;
      // `findAll({ where: { id: ids } })`, `find({ _id: { $in: ids } })`: at most one row per id
      const ids = idList(call);
      if (ids !== undefined) return this.of(ids, depth + this.step);
      return 'rows of a query without a limit';
    }
    if (/[a-z]All(?:[A-Z]|$)|[a-z]List$/.test(name) && !limited) return 'a call fetching the whole list';
    const first = call.arguments[0];
    // Object.keys(byUser), Array.from(ids): what the argument holds
    if (
      receiverName !== undefined &&
      receiver !== undefined &&
      ts.isIdentifier(skipOuter(receiver)) &&
      /^(Object|Array)$/.test(receiverName)
    )
      return first !== undefined && derivedFromArgument.test(name)
        ? this.of(first, depth + this.step)
        : undefined;
    if (receiver !== undefined && derivedFromReceiver.has(name)) {
      if (name === 'slice' && call.arguments.length === 2) return undefined;
      return this.of(receiver, depth + this.step);
    }
    if (first !== undefined && derivedFromArgument.test(name)) return this.of(first, depth + this.step);
    return this.ofReturned(call, depth) ?? this.ofQueryOfParsed(call, depth);
  }

  /**
   * `$('a[href]')` where `const $ = load(html)` and `html` came from I/O (a response's text, a file read): a query
   * over a document a parser built from data, as many elements as the document holds.
   */
  private ofQueryOfParsed(call: ts.CallExpression, depth: number): string | undefined {
    const callee = skipOuter(call.expression);
    if (!ts.isIdentifier(callee)) return undefined;
    const declaration = initializedVariable(callee);
    if (declaration === undefined) return undefined;
    const made = awaited(declaration.initializer);
    if (!ts.isCallExpression(made)) return undefined;
    return made.arguments.some((argument) => this.of(argument, depth + 2) !== undefined)
      ? parsedDocument
      : undefined;
  }

  /** `sync(patterns)` imported from a file-matching package (`globby`, `fast-glob`, `glob`, `tinyglobby`). */
  private isFromGlobPackage(call: ts.CallExpression): boolean {
    const callee = skipOuter(call.expression);
    const holder = ts.isPropertyAccessExpression(callee) ? rootOfChain(callee) : callee;
    if (!ts.isIdentifier(holder)) return false;
    const symbol = this.checker.getSymbolAtLocation(holder);
    return symbol !== undefined && globPackages.has(symbolModule(symbol) ?? '');
  }

  /** A call of a function of the program: where what it returns comes from (`listFiles(dir)` returning `readdir(…)`). */
  private ofReturned(call: ts.CallExpression, depth: number): string | undefined {
    if (depth > 6) return undefined;
    const callee = skipOuter(call.expression);
    const symbol = this.checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(callee) ? callee.name : callee,
    );
    const fn = symbol === undefined ? undefined : programFunction(symbol, this.checker);
    return fn === undefined ? undefined : this.returnedBy(fn, depth);
  }

  /** Where what a function returns comes from: its expression body, or the first `return` whose origin is known. */
  private returnedBy(fn: ts.FunctionLikeDeclaration, depth: number): string | undefined {
    if (fn.body === undefined) return undefined;
    if (!ts.isBlock(fn.body)) return this.of(fn.body, depth + 2);
    let origin: string | undefined;
    forEachInFunction(fn.body, (node) => {
      if (origin !== undefined) return 'skip';
      if (ts.isReturnStatement(node) && node.expression !== undefined)
        origin = this.of(node.expression, depth + 2);
      return undefined;
    });
    return origin;
  }

  /**
   * What an awaited call of code the program does not contain gives back (`await api.listThreads(label)`, a
   * library's or an interface's method): a response whose size the other side decides, unless the call was given a
   * page size.
   */
  private ofResponse(expression: ts.Expression): string | undefined {
    const call = skipOuter(expression);
    if (!ts.isCallExpression(call)) return undefined;
    if (calleeReceiver(call) !== undefined && rootName(calleeReceiver(call) as ts.Expression) === 'Promise')
      return undefined;
    // a page, or one row per id of a list: bounded by what the call was given
    if (call.arguments.some((argument) => hasPageOption(argument)) || idList(call) !== undefined)
      return undefined;
    // a glob of one path: zero or one match
    const name = calleeName(call) ?? '';
    if ((listingCalls.test(name) || this.isFromGlobPackage(call)) && isFewPaths(call, this.checker))
      return undefined;
    const callee = skipOuter(call.expression);
    const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol === undefined) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
    const declarations = symbol.declarations ?? [];
    const external =
      declarations.length > 0 &&
      declarations.every(
        (declaration) =>
          declaration.getSourceFile().isDeclarationFile ||
          ts.isMethodSignature(declaration) ||
          ts.isPropertySignature(declaration) ||
          (isFunctionLike(declaration) && declaration.body === undefined),
      );
    return external ? ioResponse : undefined;
  }

  private ofName(name: ts.Identifier, depth: number): string | undefined {
    const symbol = this.checker.getSymbolAtLocation(name);
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || declaration.getSourceFile().isDeclarationFile) return undefined;
    // a name met again on the way (`rows = rows.filter(…)`, two variables assigned from each other): no new evidence
    if (this.visiting.has(declaration)) return undefined;
    this.visiting.add(declaration);
    try {
      return this.ofDeclaration(declaration, symbol, depth);
    } finally {
      this.visiting.delete(declaration);
    }
  }

  private ofDeclaration(
    declaration: ts.Declaration,
    symbol: ts.Symbol | undefined,
    depth: number,
  ): string | undefined {
    if (ts.isVariableDeclaration(declaration)) {
      if (declaration.initializer === undefined) return this.ofReassigned(declaration, depth);
      const initializer = skipOuter(declaration.initializer);
      if (ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0) {
        if (!ts.isIdentifier(declaration.name)) return undefined;
        if (isAccumulatedPages(declaration.name.text, declaration)) return 'every page of a listing';
        if (symbol !== undefined && isDrainedBuffer(symbol)) return 'a buffer that callers fill';
        // `let missing = []; if (file) missing = file.accounts.filter(…)`: what it is filled with, else what replaces it
        return (
          this.ofPushed(declaration.name.text, declaration, depth) ?? this.ofReassigned(declaration, depth)
        );
      }
      if (isEmptyKeyedStore(initializer) && ts.isIdentifier(declaration.name))
        return this.ofKeyed(declaration.name.text, declaration, depth);
      return this.of(initializer, depth + this.step) ?? this.ofReassigned(declaration, depth);
    }
    if (ts.isBindingElement(declaration)) return this.ofBinding(declaration, depth);
    if (ts.isParameter(declaration)) return this.ofParameter(declaration, depth);
    return undefined;
  }

  /** `let rows; … rows = await query(…)`: what the code assigns to a `let` after its declaration. */
  private ofReassigned(declaration: ts.VariableDeclaration, depth: number): string | undefined {
    if (
      (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0 ||
      !ts.isIdentifier(declaration.name)
    )
      return undefined;
    const name = declaration.name.text;
    let origin: string | undefined;
    forEachDescendant(enclosingScope(declaration), (node) => {
      if (origin !== undefined) return 'skip';
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(skipOuter(node.left)) &&
        (skipOuter(node.left) as ts.Identifier).text === name
      )
        origin = this.of(node.right, depth + 2);
      return undefined;
    });
    return origin;
  }

  /**
   * An array filled with one element per element of something else: `for (const x of rows) list.push(x)`,
   * `graph.traverse((node) => list.push(node))`: as big as what the loop or the walk runs over.
   */
  private ofPushed(name: string, declaration: ts.VariableDeclaration, depth: number): string | undefined {
    const scope = enclosingScope(declaration);
    let origin: string | undefined;
    forEachDescendant(scope, (node) => {
      if (origin !== undefined) return 'skip';
      if (!ts.isCallExpression(node) || !/^(push|unshift)$/.test(calleeName(node) ?? '')) return undefined;
      const receiver = calleeReceiver(node);
      if (receiver === undefined || !ts.isIdentifier(receiver) || receiver.text !== name) return undefined;
      const source = elementSource(node, scope);
      if (source !== undefined) origin = this.of(source, depth + this.step);
      // for await (const entry of dir.entries()) list.push(entry): as many as the stream yields
      origin ??= isInForAwait(node, scope) ? streamItems : undefined;
      // list.push(...(await walk(child))): what a walk over a tree collects
      origin ??= callsEnclosing(node, declaration, this.checker) ? recursiveWalk : undefined;
      return undefined;
    });
    return origin;
  }

  /**
   * A field of the class (`this.targets`): what the class assigns to it (`this.targets = await listTargets()`, its
   * initializer), when one of those values has an evident origin.
   */
  private ofField(symbol: ts.Symbol, depth: number): string | undefined {
    const declaration = symbol.valueDeclaration;
    if (declaration === undefined || !ts.isPropertyDeclaration(declaration)) return undefined;
    const values: ts.Expression[] = declaration.initializer === undefined ? [] : [declaration.initializer];
    const name = symbol.name;
    forEachDescendant(declaration.parent, (node) => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(skipOuter(node.left)) &&
        (skipOuter(node.left) as ts.PropertyAccessExpression).expression.kind === ts.SyntaxKind.ThisKeyword &&
        (skipOuter(node.left) as ts.PropertyAccessExpression).name.text === name
      )
        values.push(node.right);
      return undefined;
    });
    for (const value of values) {
      const origin = this.of(value, depth + 2);
      if (origin !== undefined) return origin;
    }
    return undefined;
  }

  /**
   * `await listSubscriptions(teamId)` where `listSubscriptions` is an `async` function of the program that returns
   * what it awaited (`return (await cache.getOrSet(key, load)) ?? []`, `return rows.filter(…)` over awaited rows):
   * a result that I/O produced, sized by the data on the other side. Not when the function returns a property of
   * what it awaited (`return (await loadConfig()).plugins`): that is configuration read from somewhere.
   */
  private ofAsyncResult(expression: ts.Expression, depth: number): string | undefined {
    if (depth > 8) return undefined;
    const call = skipOuter(expression);
    if (!ts.isCallExpression(call)) return undefined;
    const callee = skipOuter(call.expression);
    const symbol = this.checker.getSymbolAtLocation(
      ts.isPropertyAccessExpression(callee) ? callee.name : callee,
    );
    const fn = symbol === undefined ? undefined : programFunction(symbol, this.checker);
    if (fn?.body === undefined || !isAsyncFunction(fn)) return undefined;
    const returned = ts.isBlock(fn.body) ? returnedExpressions(fn.body) : [fn.body];
    return returned.some((value) => isAwaitedResult(value, this.checker, 0)) ? asyncResult : undefined;
  }

  /**
   * An object or `Map` keyed per element of something else: `for (const vote of votes) (byUser[vote.userId] ??=
   * []).push(vote)`, `rows.forEach((row) => index.set(row.id, row))`: it has a key per element of what the loop or the
   * callback runs over, at most.
   */
  private ofKeyed(name: string, declaration: ts.VariableDeclaration, depth: number): string | undefined {
    const scope = enclosingScope(declaration);
    let origin: string | undefined;
    forEachDescendant(scope, (node) => {
      if (origin !== undefined) return 'skip';
      if (!isKeyedWrite(node, name)) return undefined;
      const source = elementSource(node, scope);
      if (source !== undefined) origin = this.of(source, depth + this.step);
      return undefined;
    });
    return origin;
  }

  /**
   * `const { items } = req.body`, `const [rows] = await Promise.all([query, count])`, and a destructured parameter
   * (`function Bar({ selectedIds })`): as the parameter.
   */
  private ofBinding(element: ts.BindingElement, depth: number): string | undefined {
    const pattern = element.parent;
    const holder = pattern.parent;
    if (ts.isParameter(holder)) return this.ofParameter(holder, depth);
    if (
      ts.isArrayBindingPattern(pattern) &&
      ts.isVariableDeclaration(holder) &&
      holder.initializer !== undefined
    ) {
      const all = skipOuter(awaited(holder.initializer));
      const list = ts.isCallExpression(all) && calleeName(all) === 'all' ? all.arguments[0] : undefined;
      if (list !== undefined && ts.isArrayLiteralExpression(skipOuter(list))) {
        const item = (skipOuter(list) as ts.ArrayLiteralExpression).elements[
          pattern.elements.indexOf(element)
        ];
        return item === undefined ? undefined : this.of(item, depth + this.step);
      }
      return this.of(holder.initializer, depth + this.step);
    }
    if (
      ts.isObjectBindingPattern(pattern) &&
      ts.isVariableDeclaration(holder) &&
      holder.initializer !== undefined
    ) {
      return this.of(holder.initializer, depth + this.step);
    }
    return undefined;
  }

  /**
   * A parameter: what a call hands a callback (`readdir(dir, (err, names) => …)`, `.then((rows) => …)`), else what
   * the function's callers in the program pass (two calls deep at most); when no caller shows a bound, a parameter
   * of a function the module exposes (exported, `module.exports`, a public method of an exported class) is input the
   * code does not control.
   */
  private ofParameter(parameter: ts.ParameterDeclaration, depth: number): string | undefined {
    if (depth > 10) return undefined;
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    const handed = this.ofCallbackParameter(fn, index, depth);
    if (handed !== undefined) return handed;
    const callers = ts.isIdentifier(parameter.name) ? this.callers(fn, index, depth) : undefined;
    if (callers?.origin !== undefined) return callers.origin;
    if (callers !== undefined && callers.count > 0 && callers.bounded === callers.count) return undefined;
    if (parameter.dotDotDotToken !== undefined) return undefined;
    return this.isExposed(fn) ? exportedInput : undefined;
  }

  /** `readdir(dir, (err, names) => …)`: a directory listing; `list().then((rows) => …)`: what `list()` gives. */
  private ofCallbackParameter(fn: ts.SignatureDeclaration, index: number, depth: number): string | undefined {
    const call = callTakingCallback(fn);
    if (call === undefined) return undefined;
    const name = calleeName(call);
    if (name === undefined) return undefined;
    if (listingCalls.test(name) || this.isFromGlobPackage(call)) return 'a directory listing';
    const receiver = calleeReceiver(call);
    if (
      name === 'then' &&
      index === 0 &&
      receiver !== undefined &&
      call.arguments[0] !== undefined &&
      skipOuter(call.arguments[0]) === fn
    )
      return this.of(receiver, depth + this.step) ?? this.ofResponse(receiver);
    return undefined;
  }

  /** What the function's callers in the program pass at `index`: an evident origin, or how many pass a bound. */
  private callers(
    fn: ts.SignatureDeclaration,
    index: number,
    depth: number,
  ): { origin: string | undefined; count: number; bounded: number } | undefined {
    let name: ts.Identifier | undefined;
    if (
      (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) &&
      fn.name !== undefined &&
      ts.isIdentifier(fn.name)
    )
      name = fn.name;
    else if (
      (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
      (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent)) &&
      ts.isIdentifier(fn.parent.name)
    )
      name = fn.parent.name;
    if (name === undefined) return undefined;
    const target = this.checker.getSymbolAtLocation(name);
    if (target === undefined) return undefined;
    const found = { origin: undefined as string | undefined, count: 0, bounded: 0 };
    for (const file of this.program.getSourceFiles()) {
      if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
      if (!file.text.includes(`${name.text}(`)) continue;
      forEachDescendant(file, (node) => {
        if (found.origin !== undefined || found.count > 20) return 'skip';
        if (!ts.isCallExpression(node) || calleeName(node) !== name.text) return undefined;
        const callee = skipOuter(node.expression);
        const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        let symbol = this.checker.getSymbolAtLocation(at);
        if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
          symbol = this.checker.getAliasedSymbol(symbol);
        if (symbol !== target) return undefined;
        found.count++;
        const argument = node.arguments[index];
        if (argument === undefined || ts.isSpreadElement(argument)) return undefined;
        found.origin = this.of(argument, depth + 2);
        if (found.origin === undefined && isSmallCollection(argument, this.checker)) found.bounded++;
        return undefined;
      });
      if (found.origin !== undefined) return found;
    }
    return found;
  }

  /**
   * Whether other modules can call the function with whatever they hold: an exported function (also through
   * `export { f }`, `export default`, `module.exports`/`exports.f`), a function or method of an exported object, a
   * public method of an exported class.
   */
  private isExposed(fn: ts.SignatureDeclaration): boolean {
    const known = this.exposed.get(fn);
    if (known !== undefined) return known;
    const result = isExposedFunction(fn);
    this.exposed.set(fn, result);
    return result;
  }
}

/**
 * A buffer: an array (field or variable) that some function fills (`push`/`unshift`) and the code drains
 * (`x = []`, `x.length = 0`, `x.splice(0)`): what callers added since the last flush, as many as they added.
 */
function isDrainedBuffer(symbol: ts.Symbol): boolean {
  const declaration = symbol.valueDeclaration;
  if (declaration === undefined) return false;
  const scope: ts.Node = ts.isPropertyDeclaration(declaration)
    ? declaration.parent
    : declaration.getSourceFile();
  const name = symbol.name;
  const names = (e: ts.Expression): boolean => {
    const inner = skipOuter(e);
    return (
      (ts.isIdentifier(inner) && inner.text === name) ||
      (ts.isPropertyAccessExpression(inner) &&
        inner.name.text === name &&
        inner.expression.kind === ts.SyntaxKind.ThisKeyword)
    );
  };
  const seen = { filled: false, drained: false };
  forEachDescendant(scope, (node) => {
    if (ts.isCallExpression(node)) {
      const receiver = calleeReceiver(node);
      const method = calleeName(node);
      if (receiver !== undefined && names(receiver)) {
        if (method === 'push' || method === 'unshift') seen.filled = true;
        if (method === 'splice' && node.arguments.length <= 2) seen.drained = true;
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = skipOuter(node.left);
      const right = skipOuter(node.right);
      if (
        names(left) &&
        ts.isArrayLiteralExpression(right) &&
        right.elements.length === 0 &&
        node.parent !== declaration
      )
        seen.drained = true;
      if (ts.isPropertyAccessExpression(left) && left.name.text === 'length' && names(left.expression))
        seen.drained = true;
    }
    return undefined;
  });
  return seen.filled && seen.drained;
}

/** The origin of what a query over a parsed document returns. */
const parsedDocument = 'the elements of a parsed document';

/** The origin of an array filled from an asynchronous stream. */
const streamItems = 'the items of an asynchronous stream';

/** The origin of an array filled by a walk that calls itself per node. */
const recursiveWalk = 'a recursive walk';

/** The origin of what an `async` function of the program returns from its own I/O. */
const asyncResult = 'the result of an asynchronous call';

/** Whether a node runs inside a `for await` loop below `scope` (not inside a nested function). */
function isInForAwait(node: ts.Node, scope: ts.Node): boolean {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (current === scope || isFunctionLike(current)) return false;
    if (ts.isForOfStatement(current) && current.awaitModifier !== undefined) return true;
  }
  return false;
}

/**
 * Whether `push(…)` is given what a call of the function that declares the array returns (`files.push(...(await
 * walk(child)))`): a walk that collects a tree, level by level.
 */
function callsEnclosing(push: ts.CallExpression, declaration: ts.Node, checker: ts.TypeChecker): boolean {
  const fn = enclosingFunctionOf(declaration);
  if (fn === undefined) return false;
  const name =
    (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name !== undefined
      ? fn.name
      : (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
          ts.isVariableDeclaration(skipOuterUp(fn).parent)
        ? (skipOuterUp(fn).parent as ts.VariableDeclaration).name
        : undefined;
  if (name === undefined || !ts.isIdentifier(name)) return false;
  const target = checker.getSymbolAtLocation(name);
  if (target === undefined) return false;
  const values: ts.Node[] = [...push.arguments];
  // files.push(...sub) where `const sub = await walk(child)`
  for (const argument of push.arguments) {
    const value = skipOuter(ts.isSpreadElement(argument) ? argument.expression : argument);
    const declared = ts.isIdentifier(value)
      ? checker.getSymbolAtLocation(value)?.valueDeclaration
      : undefined;
    if (declared !== undefined && ts.isVariableDeclaration(declared) && declared.initializer !== undefined)
      values.push(declared.initializer);
  }
  return values.some(
    (value) =>
      findDescendant(value, (node) => {
        if (!ts.isCallExpression(node)) return false;
        const callee = skipOuter(node.expression);
        const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        return checker.getSymbolAtLocation(at) === target;
      }) !== undefined,
  );
}

function enclosingFunctionOf(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let current = node.parent as ts.Node | undefined; current !== undefined; current = current.parent)
    if (isFunctionLike(current)) return current;
  return undefined;
}

/**
 * Whether a returned expression is what the function awaited, itself or an element-wise copy of it (`filter`,
 * `map`, `slice`, `flat`), through `const`s, `??`/`||` and `?:`: not a property of it, and not a page or the rows of
 * the ids it was handed (`findMany({ where: { id: { in: picked } } })` after a loop that picks at most `max`).
 */
function isAwaitedResult(expression: ts.Expression, checker: ts.TypeChecker, depth: number): boolean {
  if (depth > 6) return false;
  const node = skipOuter(expression);
  if (ts.isAwaitExpression(node)) {
    const inner = skipOuter(node.expression);
    if (!ts.isCallExpression(inner)) return false;
    // await Promise.all(list.map(load)): as big as `list`, not a response
    if (rootName(inner.expression) === 'Promise') return false;
    // a page (`take: max`), or one row per id it was handed: bounded by what the call was given
    if (inner.arguments.some((argument) => hasPageOption(argument)) || idList(inner) !== undefined)
      return false;
    // another function of the program: what it returns, by the same test
    const callee = skipOuter(inner.expression);
    const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
    const fn = symbol === undefined ? undefined : programFunction(symbol, checker);
    if (fn?.body === undefined) return true;
    const returned = ts.isBlock(fn.body) ? returnedExpressions(fn.body) : [fn.body];
    return isAsyncFunction(fn) && returned.some((value) => isAwaitedResult(value, checker, depth + 2));
  }
  if (ts.isBinaryExpression(node))
    return (
      (node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        node.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
      isAwaitedResult(node.left, checker, depth + 1)
    );
  if (ts.isConditionalExpression(node))
    return (
      isAwaitedResult(node.whenTrue, checker, depth + 1) ||
      isAwaitedResult(node.whenFalse, checker, depth + 1)
    );
  if (ts.isCallExpression(node)) {
    const receiver = calleeReceiver(node);
    return (
      receiver !== undefined &&
      /^(filter|map|flatMap|flat|slice|sort|toSorted)$/.test(calleeName(node) ?? '') &&
      isAwaitedResult(receiver, checker, depth + 1)
    );
  }
  if (ts.isIdentifier(node)) {
    const declaration = initializedVariable(node);
    return declaration !== undefined && isAwaitedResult(declaration.initializer, checker, depth + 1);
  }
  return false;
}

/** The origin of a parameter of a function the module exposes. */
export const exportedInput = 'the input of an exported function';

/** The origin of what an awaited call of a library or an interface gives back. */
export const ioResponse = 'the response of a call';

/** Packages that match files against patterns. */
const globPackages = new Set(['glob', 'globby', 'fast-glob', 'tinyglobby', 'fdir', 'readdirp']);

/** Calls that list a directory or match files. */
const listingCalls = /^(readdir|readdirSync|opendir|glob|globSync|globby|fastGlob|fg)$/;

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function isExposedFunction(fn: ts.SignatureDeclaration): boolean {
  if (ts.isFunctionDeclaration(fn)) {
    return hasModifier(fn, ts.SyntaxKind.ExportKeyword) || (fn.name !== undefined && isExportedName(fn.name));
  }
  if (ts.isMethodDeclaration(fn)) {
    if (
      hasModifier(fn, ts.SyntaxKind.PrivateKeyword) ||
      hasModifier(fn, ts.SyntaxKind.ProtectedKeyword) ||
      ts.isPrivateIdentifier(fn.name)
    )
      return false;
    const owner = fn.parent;
    if (ts.isClassDeclaration(owner) || ts.isClassExpression(owner)) return isExposedValue(owner);
    return ts.isObjectLiteralExpression(owner) && isExposedValue(owner);
  }
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    // `public load = async (ids: string[]) => …` in an exported class
    const holder = skipOuterUp(fn).parent;
    if (
      ts.isPropertyDeclaration(holder) &&
      holder.initializer !== undefined &&
      skipOuter(holder.initializer) === fn
    ) {
      if (
        hasModifier(holder, ts.SyntaxKind.PrivateKeyword) ||
        hasModifier(holder, ts.SyntaxKind.ProtectedKeyword) ||
        ts.isPrivateIdentifier(holder.name)
      )
        return false;
      const owner = holder.parent;
      return (ts.isClassDeclaration(owner) || ts.isClassExpression(owner)) && isExposedValue(owner);
    }
    return isExposedValue(fn);
  }
  return false;
}

/** A class, object or function expression the module exports, directly or through the declaration holding it. */
function isExposedValue(node: ts.Node): boolean {
  let current: ts.Node = node;
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent)
  )
    current = current.parent;
  const parent = current.parent;
  if (ts.isClassDeclaration(current)) {
    return (
      hasModifier(current, ts.SyntaxKind.ExportKeyword) ||
      (current.name !== undefined && isExportedName(current.name))
    );
  }
  if (ts.isExportAssignment(parent)) return true;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    const statement = parent.parent.parent;
    return (
      (ts.isVariableStatement(statement) && hasModifier(statement, ts.SyntaxKind.ExportKeyword)) ||
      isExportedName(parent.name) ||
      isReturnedByExposed(parent.name)
    );
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return isModuleExports(parent.left);
  }
  if (ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
    return isExposedValue(parent.parent);
  }
  // a closure an exposed function hands out (`return run`, `return { save }`, `() => run`, a hook's callback): its
  // callers are whoever called the exposed function, with whatever they hold
  if (ts.isReturnStatement(parent)) {
    const fn = enclosingFunctionOf(parent);
    return fn !== undefined && isExposedFunction(fn);
  }
  if (ts.isArrowFunction(parent) && parent.body === current) return isExposedFunction(parent);
  // `useCallback(async (…) => …, deps)`, `memoize(load)`: a plain function given the closure first, whose result is
  // handed out, runs it with its callers' arguments
  if (
    ts.isCallExpression(parent) &&
    parent.arguments[0] === current &&
    ts.isIdentifier(skipOuter(parent.expression)) &&
    isFunctionLike(current)
  ) {
    return isExposedValue(parent);
  }
  // `export default new Packager({ package({ bundle }) {…} })`: the hooks of an exposed plugin
  if (
    ts.isObjectLiteralExpression(current) &&
    (ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
    (parent.arguments ?? ([] as readonly ts.Expression[])).some((argument) => argument === current)
  ) {
    return isExposedValue(parent);
  }
  return false;
}

/** Characters that make a pattern match more than the one path it spells. */
const globMagic = /[*?[\]{}!]|\(/;

/**
 * A file-matching call whose pattern names one path: every piece of text the pattern is built from is free of
 * wildcards (`glob(path.join(cwd, 'package.json'))`), through `const`s, `||`, `?:`, `path.join` and `replace`.
 */
function isOnePath(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const pattern = call.arguments[0];
  if (pattern === undefined) return false;
  const texts: string[] = [];
  const state = { opaque: false };
  const visit = (expression: ts.Expression, depth: number): void => {
    if (state.opaque || depth > 12) {
      state.opaque = true;
      return;
    }
    const node = skipOuter(expression);
    if (ts.isStringLiteralLike(node)) texts.push(node.text);
    else if (ts.isTemplateExpression(node)) {
      texts.push(node.head.text, ...node.templateSpans.map((span) => span.literal.text));
      for (const span of node.templateSpans) visit(span.expression, depth + 1);
    } else if (ts.isBinaryExpression(node)) {
      visit(node.left, depth + 1);
      visit(node.right, depth + 1);
    } else if (ts.isConditionalExpression(node)) {
      visit(node.whenTrue, depth + 1);
      visit(node.whenFalse, depth + 1);
    } else if (ts.isCallExpression(node)) {
      // path.join(dir, 'x.json'), untildify(cwd): the pieces; `p.replace(…)` keeps what `p` is
      const receiver = calleeReceiver(node);
      if (/^replace(All)?$/.test(calleeName(node) ?? '') && receiver !== undefined)
        visit(receiver, depth + 1);
      else for (const argument of node.arguments) visit(argument, depth + 1);
    } else if (ts.isIdentifier(node)) {
      const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
      if (
        declaration !== undefined &&
        ts.isVariableDeclaration(declaration) &&
        declaration.initializer !== undefined &&
        (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0
      )
        visit(declaration.initializer, depth + 1);
      // other names (a cwd, a folder) are places, not patterns
    } else if (!ts.isPropertyAccessExpression(node)) {
      state.opaque = true;
    }
  };
  visit(pattern, 0);
  return (
    !state.opaque && texts.some((text) => text.length > 0) && texts.every((text) => !globMagic.test(text))
  );
}

/**
 * A file-matching call whose matches are as many as folders someone made, not files a program wrote: one path
 * ({@link isOnePath}), or a pattern whose last segment names one file (`path.join(root, workspace, 'package.json')`):
 * one match per folder the rest of the pattern matches, such as the packages of a workspace. Reading each such file
 * holds a descriptor, but the count is the project's layout.
 */
function isFewPaths(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const pattern = call.arguments[0];
  return isOnePath(call, checker) || (pattern !== undefined && namesOneFile(pattern, checker, 0));
}

/** Whether every pattern an expression can hold ends in a segment free of wildcards (`…/package.json`). */
function namesOneFile(expression: ts.Expression, checker: ts.TypeChecker, depth: number): boolean {
  if (depth > 8) return false;
  const node = skipOuter(expression);
  const lastSegment = (text: string): boolean => {
    const segment = text.slice(text.lastIndexOf('/') + 1);
    return segment.length > 0 && !globMagic.test(segment) && segment !== '.' && segment !== '..';
  };
  if (ts.isStringLiteralLike(node)) return node.text.includes('/') && lastSegment(node.text);
  if (ts.isTemplateExpression(node)) {
    const last = node.templateSpans[node.templateSpans.length - 1];
    return last !== undefined && last.literal.text.includes('/') && lastSegment(last.literal.text);
  }
  if (ts.isArrayLiteralExpression(node))
    return (
      node.elements.length > 0 &&
      node.elements.every(
        (element) => !ts.isSpreadElement(element) && namesOneFile(element, checker, depth + 1),
      )
    );
  if (ts.isConditionalExpression(node))
    return (
      namesOneFile(node.whenTrue, checker, depth + 1) && namesOneFile(node.whenFalse, checker, depth + 1)
    );
  if (ts.isIdentifier(node)) {
    const declaration = initializedVariable(node);
    return declaration !== undefined && namesOneFile(declaration.initializer, checker, depth + 1);
  }
  if (!ts.isCallExpression(node)) return false;
  const name = calleeName(node) ?? '';
  const receiver = calleeReceiver(node);
  // path.join(root, workspace, 'package.json'): the last piece; `p.replace(…)` keeps what `p` is
  if (/^(join|resolve)$/.test(name)) {
    const last = node.arguments[node.arguments.length - 1];
    return (
      last !== undefined &&
      ts.isStringLiteralLike(skipOuter(last)) &&
      lastSegment(`/${(skipOuter(last) as ts.StringLiteralLike).text}`)
    );
  }
  if (/^replace(All)?$/.test(name) && receiver !== undefined)
    return namesOneFile(receiver, checker, depth + 1);
  // workspaces.map((workspace) => path.join(root, workspace, 'package.json')): what the callback returns
  if (name === 'map' && receiver !== undefined) {
    const callback = node.arguments[0] === undefined ? undefined : skipOuter(node.arguments[0]);
    if (callback === undefined || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)))
      return false;
    const returned = ts.isBlock(callback.body) ? returnedExpressions(callback.body) : [callback.body];
    return returned.length > 0 && returned.every((value) => namesOneFile(value, checker, depth + 1));
  }
  return false;
}

/**
 * A local `const save = …` that the function declaring it hands out: `return save`, `return { save }`, `return {
 * save: save }`, when that function is exposed.
 */
function isReturnedByExposed(name: ts.Identifier): boolean {
  const fn = enclosingFunctionOf(name);
  if (fn === undefined || !('body' in fn) || fn.body === undefined || !isExposedFunction(fn)) return false;
  const names = (expression: ts.Expression): boolean => {
    const value = skipOuter(expression);
    if (ts.isIdentifier(value)) return value.text === name.text;
    if (!ts.isObjectLiteralExpression(value)) return false;
    return value.properties.some(
      (property) =>
        (ts.isShorthandPropertyAssignment(property) && property.name.text === name.text) ||
        (ts.isPropertyAssignment(property) &&
          ts.isIdentifier(skipOuter(property.initializer)) &&
          (skipOuter(property.initializer) as ts.Identifier).text === name.text),
    );
  };
  const body = fn.body;
  if (!ts.isBlock(body)) return names(body);
  let returned = false;
  forEachInFunction(body, (node) => {
    if (returned) return 'skip';
    if (ts.isReturnStatement(node) && node.expression !== undefined && names(node.expression))
      returned = true;
    return undefined;
  });
  return returned;
}

/** `module.exports`, `module.exports.x`, `exports.x`. */
function isModuleExports(target: ts.Expression): boolean {
  const text = skipOuter(target).getText();
  return /^(module\.exports|exports)(\.|$)/.test(text);
}

/** Whether the file exports the name: `export { name }`, `export default name`, `module.exports = { name }`. */
function isExportedName(name: ts.Identifier): boolean {
  const file = name.getSourceFile();
  const text = name.text;
  for (const statement of file.statements) {
    if (ts.isExportDeclaration(statement) && statement.exportClause !== undefined) {
      if (
        ts.isNamedExports(statement.exportClause) &&
        statement.moduleSpecifier === undefined &&
        statement.exportClause.elements.some((e) => (e.propertyName ?? e.name).getText() === text)
      )
        return true;
    }
    if (
      ts.isExportAssignment(statement) &&
      ts.isIdentifier(statement.expression) &&
      statement.expression.text === text
    )
      return true;
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      isModuleExports(statement.expression.left)
    ) {
      const right = skipOuter(statement.expression.right);
      if (ts.isIdentifier(right) && right.text === text) return true;
      if (
        ts.isObjectLiteralExpression(right) &&
        right.properties.some(
          (p) =>
            (ts.isShorthandPropertyAssignment(p) && p.name.text === text) ||
            (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer) && p.initializer.text === text),
        )
      )
        return true;
    }
  }
  return false;
}

/** `req.body`, `req.query`, `ctx.request.body`, `ctx.query`, `event.body`: what the client sent. */
function isRequestInput(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
  if (!ts.isPropertyAccessExpression(node) || !/^(body|query)$/.test(node.name.text)) return false;
  const object = skipOuter(node.expression);
  const objectName = ts.isPropertyAccessExpression(object)
    ? object.name.text
    : ts.isIdentifier(object)
      ? object.text
      : undefined;
  return objectName !== undefined && /^(req|request|ctx|context|event)$/.test(objectName);
}

/** `Model.find(…)`, `db.users.find(…)`: a query (an array's `find` has a callback and returns one element). */
function isModelLike(receiver: ts.Expression): boolean {
  const name = ts.isPropertyAccessExpression(receiver) ? receiver.name.text : rootName(receiver);
  return name !== undefined && /^[A-Z]/.test(name);
}

/** The list a query's `id` (`_id`) is matched against, directly or through `in`/`$in`/`[Op.in]`. */
function idList(call: ts.CallExpression): ts.Expression | undefined {
  const property = (object: ts.Expression, test: (name: string) => boolean): ts.Expression | undefined => {
    const literal = skipOuter(object);
    if (!ts.isObjectLiteralExpression(literal)) return undefined;
    for (const p of literal.properties) {
      const name =
        p.name === undefined
          ? undefined
          : ts.isComputedPropertyName(p.name)
            ? p.name.expression.getText()
            : p.name.getText();
      if (name === undefined || !test(name)) continue;
      if (ts.isPropertyAssignment(p)) return p.initializer;
      if (ts.isShorthandPropertyAssignment(p)) return p.name;
    }
    return undefined;
  };
  for (const argument of call.arguments) {
    const where = property(argument, (name) => name === 'where') ?? argument;
    const id = property(where, (name) => name === 'id' || name === '_id');
    if (id === undefined) continue;
    return property(id, (name) => /^(\$?in|Op\.in)$/.test(name)) ?? id;
  }
  return undefined;
}

export function hasPageOption(argument: ts.Expression): boolean {
  const options = skipOuter(argument);
  return (
    ts.isObjectLiteralExpression(options) &&
    options.properties.some(
      (p) =>
        (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) &&
        ts.isIdentifier(p.name) &&
        pageOption.test(p.name.text),
    )
  );
}

/** `blocks.push(...response.results)` in a loop that awaits each page: the array holds every page of a listing. */
function isAccumulatedPages(name: string, declaration: ts.VariableDeclaration): boolean {
  const scope = enclosingScope(declaration);
  return (
    findDescendant(scope, (node) => {
      if (!ts.isCallExpression(node) || calleeName(node) !== 'push') return false;
      const receiver = calleeReceiver(node);
      if (receiver === undefined || !ts.isIdentifier(receiver) || receiver.text !== name) return false;
      const loop = enclosingLoop(node, scope);
      return (
        loop !== undefined &&
        !ts.isForOfStatement(loop) &&
        !ts.isForInStatement(loop) &&
        findDescendant(loop.statement, (inner) => ts.isAwaitExpression(inner)) !== undefined
      );
    }) !== undefined
  );
}

/** `for (let page = 1; page < pages; page++)` with `pages = Math.ceil(total / limit)`: every page of a listing. */
export function isEveryPageLoop(loop: ts.IterationStatement, checker: ts.TypeChecker): boolean {
  if (!ts.isForStatement(loop) || loop.condition === undefined) return false;
  const condition = skipOuter(loop.condition);
  if (!ts.isBinaryExpression(condition)) return false;
  let bound: ts.Node = skipOuter(condition.right);
  if (ts.isIdentifier(bound)) {
    const declaration = checker.getSymbolAtLocation(bound)?.valueDeclaration;
    if (
      declaration === undefined ||
      !ts.isVariableDeclaration(declaration) ||
      declaration.initializer === undefined
    )
      return false;
    bound = declaration.initializer;
  }
  return (
    findDescendant(bound, (node) => ts.isCallExpression(node) && calleeName(node) === 'ceil') !== undefined ||
    (ts.isCallExpression(bound) && calleeName(bound) === 'ceil')
  );
}

/** `{}`, `Object.create(null)`, `new Map()`: an empty store that code fills key by key. */
function isEmptyKeyedStore(initializer: ts.Expression): boolean {
  const value = skipOuter(initializer);
  if (ts.isObjectLiteralExpression(value)) return value.properties.length === 0;
  if (ts.isNewExpression(value))
    return (
      ts.isIdentifier(value.expression) &&
      value.expression.text === 'Map' &&
      (value.arguments?.length ?? 0) === 0
    );
  return (
    ts.isCallExpression(value) &&
    calleeName(value) === 'create' &&
    value.arguments.length === 1 &&
    value.arguments[0]?.kind === ts.SyntaxKind.NullKeyword
  );
}

/**
 * A write of one key of the store `name`: `name[k] = v`, `name[k] ??= v`, `(name[k] ??= []).push(v)`,
 * `name[k].push(v)`, `name.set(k, v)`.
 */
function isKeyedWrite(node: ts.Node, name: string): boolean {
  const isStore = (e: ts.Expression): boolean => {
    const inner = skipOuter(e);
    return ts.isIdentifier(inner) && inner.text === name;
  };
  const isEntry = (e: ts.Expression): boolean => {
    const inner = skipOuter(e);
    return ts.isElementAccessExpression(inner) && isStore(inner.expression);
  };
  if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) return isEntry(node.left);
  if (!ts.isCallExpression(node)) return false;
  const receiver = calleeReceiver(node);
  if (receiver === undefined) return false;
  if (calleeName(node) === 'set') return isStore(receiver);
  if (calleeName(node) !== 'push') return false;
  const target = skipOuter(receiver);
  return isEntry(target) || (ts.isBinaryExpression(target) && isEntry(target.left));
}

/**
 * What a write inside `scope` runs once per element of: the collection of the `for…of`/`for…in` around it, or what a
 * callback around it walks (`rows.forEach((row) => …)`); undefined for a counted loop or straight-line code.
 */
function elementSource(node: ts.Node, scope: ts.Node): ts.Expression | undefined {
  const loop = enclosingLoop(node, scope);
  if (loop === undefined) return enclosingVisitorCall(node, scope);
  return ts.isForOfStatement(loop) || ts.isForInStatement(loop) ? loop.expression : undefined;
}
