import ts from '../typescript.cjs';
import { importEdit } from '../analysis/edits.js';
import { calleeName, calleeReceiver, skipOuter } from '../analysis/syntax/expressions.js';
import { asyncKeyword, type FunctionLike, isAsyncFunction } from '../analysis/syntax/functions.js';
import { findInFunction, forEachDescendant, forEachInFunction } from '../analysis/syntax/walk.js';
import { expressMajor, importsExpressAsyncErrors, programUsesExpress } from '../analysis/project/express.js';
import type { Suggestion } from '../rule.js';
import { defineRule } from '../rule.js';

/** Methods of an Express app, router or route that register handlers. */
const registerMethods = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'options',
  'head',
  'param',
]);

/** The Express type names (from @types/express and express-serve-static-core) that register handlers. */
const expressTypeNames = new Set(['Express', 'Application', 'Router', 'IRouter', 'IRoute', 'Route']);

/** `res` methods that answer the request. */
const respondMethods = new Set([
  'send',
  'json',
  'jsonp',
  'end',
  'sendStatus',
  'sendFile',
  'render',
  'redirect',
  'status',
  'download',
  'format',
]);

/** Wrappers that forward a handler's rejection to `next`. */
const wrapperNames =
  /^(asyncHandler|wrapRouter|asyncWrap|wrapAsync|catchAsync|asyncMiddleware|wrap|expressAsyncHandler)$/;

type Verdict = 'express' | 'wrapped' | 'no';

/**
 * `express-async-route`: an async handler or middleware on an Express 4 app or router whose rejection never reaches
 * `next` (Express 4 ignores the promise a handler returns, so the request hangs).
 */
export default defineRule({
  meta: {
    id: 'express-async-route',
    description:
      'Reports async Express 4 handlers and middleware whose rejection never reaches `next`: the request hangs.',
    defaultSeverity: 'error',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: true,
    messages: {
      asyncRoute:
        'Express 4 ignores the promise this async handler returns: if it rejects, the error never reaches `next` and ' +
        'the request hangs until the client times out. Wrap it with `asyncHandler()` (or the router with ' +
        '`wrapRouter()`) from @awaitwise/core/express, catch and call `next(err)`, or move to Express 5.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;
    if (!programUsesExpress(context.program)) return {};
    let major: number | undefined | null = null;
    const isExpress4 = (): boolean => {
      if (major === null) {
        const slash = Math.max(sourceFile.fileName.lastIndexOf('/'), sourceFile.fileName.lastIndexOf('\\'));
        major = expressMajor(slash <= 0 ? '/' : sourceFile.fileName.slice(0, slash), context.files);
      }
      // Unknown version: Express 4 is what most deployed code runs; Express 5 projects declare their range.
      return major === undefined || major < 5;
    };
    let patched: boolean | undefined;
    const isPatched = (): boolean => (patched ??= importsExpressAsyncErrors(context.program));
    const importsExpress = fileImportsExpress(sourceFile);

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        const callee = skipOuter(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || !registerMethods.has(callee.name.text)) return;
        if (call.arguments.length === 0) return;
        const handlers = handlerArguments(call, context.getTypeChecker());
        if (handlers.length === 0) return;
        if (routerVerdict(callee.expression, context.getTypeChecker(), importsExpress) !== 'express') return;
        if (!isExpress4() || isPatched()) return;
        for (const { fn, argument } of handlers) {
          if (isHandled(fn)) continue;
          const inline = skipOuter(argument) === fn;
          const suggestion = wrapSuggestion(sourceFile, argument);
          context.report({
            node: inline ? (asyncKeyword(fn) ?? fn) : argument,
            messageId: 'asyncRoute',
            ...(suggestion === undefined ? {} : { suggestions: [suggestion] }),
          });
        }
      },
    };
  },
});

interface Handler {
  readonly fn: FunctionLike;
  readonly argument: ts.Expression;
}

/**
 * The async functions among the call's arguments (arrays of middleware included), following names to their
 * declarations in this file or, through the checker, in the module they are imported from.
 */
function handlerArguments(call: ts.CallExpression, checker: ts.TypeChecker): Handler[] {
  const found: Handler[] = [];
  const consider = (argument: ts.Expression): void => {
    const expression = skipOuter(argument);
    if (ts.isArrayLiteralExpression(expression)) {
      for (const element of expression.elements) consider(element);
      return;
    }
    const fn = resolveFunction(expression, checker);
    if (fn !== undefined && isAsyncFunction(fn) && looksLikeHandler(fn)) found.push({ fn, argument });
  };
  for (const argument of call.arguments) consider(argument);
  return found;
}

/** A handler takes at most `(err, req, res, next)`; `param` handlers add the value. */
function looksLikeHandler(fn: FunctionLike): boolean {
  return fn.parameters.length <= 5;
}

function resolveFunction(expression: ts.Expression, checker: ts.TypeChecker): FunctionLike | undefined {
  if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) return expression;
  if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
  let symbol = checker.getSymbolAtLocation(expression);
  for (let hops = 0; symbol !== undefined && hops < 4; hops++) {
    if ((symbol.flags & ts.SymbolFlags.Alias) !== 0) {
      symbol = checker.getAliasedSymbol(symbol);
      continue;
    }
    const declaration = symbol.valueDeclaration ?? symbol.declarations?.[0];
    if (declaration === undefined) return undefined;
    if (ts.isShorthandPropertyAssignment(declaration)) {
      symbol = checker.getShorthandAssignmentValueSymbol(declaration);
      continue;
    }
    return functionOfDeclaration(declaration);
  }
  return undefined;
}

function functionOfDeclaration(declaration: ts.Declaration): FunctionLike | undefined {
  if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body) {
    return declaration;
  }
  const init =
    ts.isVariableDeclaration(declaration) ||
    ts.isPropertyAssignment(declaration) ||
    ts.isPropertyDeclaration(declaration)
      ? declaration.initializer && skipOuter(declaration.initializer)
      : undefined;
  return init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

/** Whether the receiver is an Express app, router or route (by type, or by how it was made in plain JS). */
function routerVerdict(receiver: ts.Expression, checker: ts.TypeChecker, importsExpress: boolean): Verdict {
  const expression = skipOuter(receiver);
  if (ts.isCallExpression(expression)) {
    const name = calleeName(expression);
    if (name !== undefined && wrapperNames.test(name)) return 'wrapped';
    // app.route('/x').get(…)
    if (name === 'route' && ts.isPropertyAccessExpression(skipOuter(expression.expression))) {
      const owner = (skipOuter(expression.expression) as ts.PropertyAccessExpression).expression;
      return routerVerdict(owner, checker, importsExpress);
    }
  }
  const typed = verdictByType(expression, checker);
  if (typed !== undefined) {
    if (typed === 'express' && ts.isIdentifier(expression) && isWrappedSomewhere(expression))
      return 'wrapped';
    return typed;
  }
  return verdictBySyntax(expression, importsExpress);
}

function verdictByType(expression: ts.Expression, checker: ts.TypeChecker): Verdict | undefined {
  const type = checker.getTypeAtLocation(expression);
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return undefined;
  const candidates = type.isIntersection() ? type.types : [type];
  for (const candidate of candidates) {
    const symbol = candidate.aliasSymbol ?? candidate.getSymbol();
    if (symbol === undefined) continue;
    const declarations = symbol.getDeclarations() ?? [];
    const fromExpress = declarations.some((d) => /[\\/]@types[\\/]express/.test(d.getSourceFile().fileName));
    if (fromExpress && expressTypeNames.has(symbol.getName())) return 'express';
  }
  // A typed value of another kind (a Map, a Koa router …); plain JS objects inferred from `express()` have no
  // declarations outside the user's code, so fall back to syntax for those.
  const symbol = type.getSymbol();
  const external = symbol?.getDeclarations()?.some((d) => d.getSourceFile().isDeclarationFile) ?? false;
  return external ? 'no' : undefined;
}

/** JS without types: `const app = express()`, `express.Router()`, `Router()`, or an `app`/`router` in a file that imports express. */
function verdictBySyntax(expression: ts.Expression, importsExpress: boolean): Verdict {
  if (!importsExpress || !ts.isIdentifier(expression)) return 'no';
  if (isWrappedSomewhere(expression)) return 'wrapped';
  const init = initializerOf(expression);
  if (init !== undefined) {
    const value = skipOuter(init);
    if (ts.isCallExpression(value)) {
      const name = calleeName(value);
      if (name !== undefined && wrapperNames.test(name)) return 'wrapped';
      const callee = skipOuter(value.expression);
      if (name === 'Router' || (ts.isIdentifier(callee) && callee.text === 'express')) return 'express';
      if (ts.isCallExpression(callee) && calleeName(callee) === 'require') return 'express';
    }
    return 'no';
  }
  return /^(app|router|api|routes?)$/i.test(expression.text) ? 'express' : 'no';
}

function initializerOf(name: ts.Identifier): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  forEachDescendant(name.getSourceFile(), (node) => {
    if (found !== undefined) return 'skip';
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text) {
      found = node.initializer;
    }
    return undefined;
  });
  return found;
}

/** `wrapRouter(app)` somewhere in the file, or `const app = wrapRouter(express())`. */
function isWrappedSomewhere(name: ts.Identifier): boolean {
  let wrapped = false;
  forEachDescendant(name.getSourceFile(), (node) => {
    if (wrapped) return 'skip';
    if (ts.isCallExpression(node) && calleeName(node) === 'wrapRouter') {
      const argument = node.arguments[0];
      if (argument !== undefined && ts.isIdentifier(skipOuter(argument))) {
        wrapped = (skipOuter(argument) as ts.Identifier).text === name.text;
      }
      if (
        ts.isVariableDeclaration(node.parent) &&
        ts.isIdentifier(node.parent.name) &&
        node.parent.name.text === name.text
      ) {
        wrapped = true;
      }
    }
    return undefined;
  });
  return wrapped;
}

function fileImportsExpress(sourceFile: ts.SourceFile): boolean {
  if (!sourceFile.text.includes('express')) return false;
  let found = false;
  forEachDescendant(sourceFile, (node) => {
    if (found) return 'skip';
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found = node.moduleSpecifier.text === 'express';
    } else if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'require' &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found = node.arguments[0].text === 'express';
    }
    return undefined;
  });
  return found;
}

/**
 * Handled when the function cannot reject in practice (no `await`, no `throw`: a `.catch(next)` chain), or when every
 * `await` and `throw` sits in a `try` whose `catch` calls `next(…)` or answers the request.
 */
function isHandled(fn: FunctionLike): boolean {
  const body = fn.body;
  if (body === undefined) return true;
  const risky: ts.Node[] = [];
  forEachInFunction(body, (node) => {
    if ((ts.isAwaitExpression(node) && !cannotReject(node.expression)) || ts.isThrowStatement(node)) {
      risky.push(node);
    }
  });
  if (risky.length === 0) return true;
  // The names the handler answers with: `res` and `next` (`err, req, res, next` for error middleware).
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  const answerNames = new Set(
    (names.length >= 4 ? names.slice(2, 4) : names.slice(1, 3)).filter((name) => name !== ''),
  );
  return risky.every((node) => isInHandlingTry(node, fn, answerNames));
}

/** `await p.catch(…)`, `await Promise.allSettled(…)`: the awaited promise does not reject. */
function cannotReject(expression: ts.Expression): boolean {
  const operand = skipOuter(expression);
  if (!ts.isCallExpression(operand)) return false;
  const name = calleeName(operand);
  if (name === 'catch' && operand.arguments.length >= 1) return true;
  if (name === 'then' && operand.arguments.length >= 2) return true;
  const receiver = calleeReceiver(operand);
  return (
    name === 'allSettled' &&
    receiver !== undefined &&
    ts.isIdentifier(receiver) &&
    receiver.text === 'Promise'
  );
}

function isInHandlingTry(node: ts.Node, fn: FunctionLike, answerNames: ReadonlySet<string>): boolean {
  for (let current: ts.Node = node; current !== fn && !ts.isSourceFile(current); current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.tryBlock === current) {
      const clause = parent.catchClause;
      if (clause !== undefined && catchForwards(clause, answerNames)) return true;
    }
  }
  return false;
}

/**
 * The catch block calls `next(…)`, answers the request (`res.status(500).json(…)`), or hands `res`/`next` to a helper
 * (`handleError(res, err)`), and does not rethrow.
 */
function catchForwards(clause: ts.CatchClause, answerNames: ReadonlySet<string>): boolean {
  const rethrows = findInFunction(clause.block, ts.isThrowStatement) !== undefined;
  const forwards = findInFunction(clause.block, (node) => {
    if (!ts.isCallExpression(node)) return false;
    const name = calleeName(node);
    const callee = skipOuter(node.expression);
    if (ts.isIdentifier(callee) && (name === 'next' || name === 'done' || answerNames.has(callee.text)))
      return true;
    if (ts.isPropertyAccessExpression(callee) && name !== undefined && respondMethods.has(name)) return true;
    return node.arguments.some((argument) => ts.isIdentifier(argument) && answerNames.has(argument.text));
  });
  return forwards !== undefined && !rethrows;
}

/** Wraps the inline handler: `app.get('/', asyncHandler(async (req, res) => …))`. */
function wrapSuggestion(sourceFile: ts.SourceFile, argument: ts.Expression): Suggestion | undefined {
  const imports = importEdit(sourceFile, 'asyncHandler', '@awaitwise/core/express');
  if (imports === undefined) return undefined;
  return {
    description: 'Wrap the handler with `asyncHandler()` from @awaitwise/core/express',
    edits: [
      ...imports,
      { start: argument.getStart(sourceFile), end: argument.getStart(sourceFile), text: 'asyncHandler(' },
      { start: argument.getEnd(), end: argument.getEnd(), text: ')' },
    ],
  };
}
