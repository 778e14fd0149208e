/**
 * `unbounded-concurrency`: evidence that a collection is unbounded, from where it comes (request input, rows of a query
 * without a limit, ids parsed from a document, a directory listing, every page of a listing).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, rootName, skipOuter } from '../../analysis/syntax/expressions.js';
import { enclosingScope } from '../../analysis/syntax/functions.js';
import { findDescendant, forEachDescendant } from '../../analysis/syntax/walk.js';
import { enclosingLoop } from './fan-out.js';
import { awaited, pageOption } from './small-collection.js';

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
]);
const derivedFromArgument =
  /^(from|values|keys|entries|uniq|uniqBy|compact|flatten|sortBy|orderBy|castArray)$/;

/** Queries returning every matching row unless given a limit. */
const queryCalls = /^(findAll|findMany|findAndCountAll|select|all|getAll|fetchAll|listAll)$/;

/**
 * Where a collection evidently comes from, when the code shows it is unbounded: request input, rows of a query given
 * no limit, a call that fetches "all" or a whole list, ids parsed or collected from a document or value, a directory
 * listing, every page of a listing accumulated in a loop. Follows variables, destructuring, `filter`/`map`/`Set`
 * copies and, for a function's parameter, what the function's callers in the program pass.
 */
export class Origins {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly program: ts.Program,
  ) {}

  of(expression: ts.Expression, depth = 0): string | undefined {
    if (depth > 8) return undefined;
    const node = skipOuter(expression);
    if (ts.isAwaitExpression(node)) return this.of(node.expression, depth + 1);
    if (ts.isArrayLiteralExpression(node)) {
      for (const element of node.elements) {
        if (!ts.isSpreadElement(element)) continue;
        const origin = this.of(element.expression, depth + 1);
        if (origin !== undefined) return origin;
      }
      return undefined;
    }
    if (ts.isNewExpression(node)) {
      const first = node.arguments?.[0];
      return ts.isIdentifier(node.expression) &&
        /^(Set|Map)$/.test(node.expression.text) &&
        first !== undefined
        ? this.of(first, depth + 1)
        : undefined;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
      if (isRequestInput(node)) return 'request input';
      const object = skipOuter(node.expression);
      if (object.kind === ts.SyntaxKind.ThisKeyword) return undefined;
      return this.of(object, depth + 1);
    }
    if (ts.isCallExpression(node)) return this.ofCall(node, depth);
    if (ts.isIdentifier(node)) return this.ofName(node, depth);
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
    if (/^(readdir|readdirSync|opendir|glob|globSync|globby|fastGlob|fg)$/.test(name))
      return 'a directory listing';
    if (receiverName === 'Promise') return undefined;
    const limited = call.arguments.some((argument) => hasPageOption(argument));
    if (queryCalls.test(name) || (name === 'find' && receiver !== undefined && isModelLike(receiver))) {
      if (limited) return undefined;
      // `findAll({ where: { id: ids } })`, `find({ _id: { $in: ids } })`: at most one row per id
      const ids = idList(call);
      if (ids !== undefined) return this.of(ids, depth + 1);
      return 'rows of a query without a limit';
    }
    if (/[a-z]All(?:[A-Z]|$)|[a-z]List$/.test(name) && !limited) return 'a call fetching the whole list';
    if (receiver !== undefined && derivedFromReceiver.has(name)) {
      if (name === 'slice' && call.arguments.length === 2) return undefined;
      return this.of(receiver, depth + 1);
    }
    const first = call.arguments[0];
    if (first !== undefined && derivedFromArgument.test(name)) return this.of(first, depth + 1);
    return undefined;
  }

  private ofName(name: ts.Identifier, depth: number): string | undefined {
    const symbol = this.checker.getSymbolAtLocation(name);
    const declaration = symbol?.valueDeclaration;
    if (declaration === undefined || declaration.getSourceFile().isDeclarationFile) return undefined;
    if (ts.isVariableDeclaration(declaration)) {
      if (declaration.initializer === undefined) return undefined;
      const initializer = skipOuter(declaration.initializer);
      if (ts.isArrayLiteralExpression(initializer) && initializer.elements.length === 0) {
        return ts.isIdentifier(declaration.name) && isAccumulatedPages(declaration.name.text, declaration)
          ? 'every page of a listing'
          : undefined;
      }
      return this.of(initializer, depth + 1);
    }
    if (ts.isBindingElement(declaration)) return this.ofBinding(declaration, depth);
    if (ts.isParameter(declaration)) return this.ofParameter(declaration, depth);
    return undefined;
  }

  /** `const { items } = req.body`, `const [rows] = await Promise.all([query, count])`. */
  private ofBinding(element: ts.BindingElement, depth: number): string | undefined {
    const pattern = element.parent;
    const holder = pattern.parent;
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
        return item === undefined ? undefined : this.of(item, depth + 1);
      }
      return this.of(holder.initializer, depth + 1);
    }
    if (
      ts.isObjectBindingPattern(pattern) &&
      ts.isVariableDeclaration(holder) &&
      holder.initializer !== undefined
    ) {
      return this.of(holder.initializer, depth + 1);
    }
    return undefined;
  }

  /** What the function's callers in the program pass for the parameter (two calls deep at most). */
  private ofParameter(parameter: ts.ParameterDeclaration, depth: number): string | undefined {
    if (depth > 4 || !ts.isIdentifier(parameter.name)) return undefined;
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    let name: ts.Identifier | undefined;
    if (
      (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) &&
      fn.name !== undefined &&
      ts.isIdentifier(fn.name)
    )
      name = fn.name;
    else if (
      (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
      ts.isVariableDeclaration(fn.parent) &&
      ts.isIdentifier(fn.parent.name)
    )
      name = fn.parent.name;
    if (name === undefined) return undefined;
    const target = this.checker.getSymbolAtLocation(name);
    if (target === undefined) return undefined;
    let calls = 0;
    for (const file of this.program.getSourceFiles()) {
      if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) continue;
      if (!file.text.includes(`${name.text}(`)) continue;
      let origin: string | undefined;
      forEachDescendant(file, (node) => {
        if (origin !== undefined || calls > 20) return 'skip';
        if (!ts.isCallExpression(node) || calleeName(node) !== name.text) return undefined;
        const callee = skipOuter(node.expression);
        const at = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
        let symbol = this.checker.getSymbolAtLocation(at);
        if (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0)
          symbol = this.checker.getAliasedSymbol(symbol);
        if (symbol !== target) return undefined;
        calls++;
        const argument = node.arguments[index];
        if (argument !== undefined && !ts.isSpreadElement(argument)) origin = this.of(argument, depth + 2);
        return undefined;
      });
      if (origin !== undefined) return origin;
    }
    return undefined;
  }
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
