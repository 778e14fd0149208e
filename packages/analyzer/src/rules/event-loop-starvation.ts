import ts from '../typescript.cjs';
import { isCommandLineScript, readsProcessArgv } from '../analysis/project/command-line.js';
import { dottedName, memberName, rootOfChain, skipOuter } from '../analysis/syntax/expressions.js';
import { enclosingFunction, isAsyncFunction, isFunctionLike } from '../analysis/syntax/functions.js';
import { initializedVariable, isShadowed } from '../analysis/syntax/scope.js';
import { findDescendant, findInFunction } from '../analysis/syntax/walk.js';
import { defineRule } from '../rule.js';

/** Array methods that run a synchronous callback for every element. */
const iterationMethods = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'flatMap',
  'find',
]);
/** Calls that cost real CPU per element. */
const heavyCalls = new Set([
  'createHash',
  'createHmac',
  'pbkdf2Sync',
  'scryptSync',
  'hashSync',
  'compareSync',
  'gzipSync',
  'gunzipSync',
  'deflateSync',
  'inflateSync',
  'brotliCompressSync',
  'brotliDecompressSync',
  'readFileSync',
  'sort',
  'toSorted',
]);
/** Calls that give the event loop a turn. */
const yieldCalls = new Set(['yieldToEventLoop', 'setImmediate', 'cooperative', 'yield']);

type MessageId = 'endless' | 'heavyLoop';

/**
 * `event-loop-starvation` (info): inside an async function, a loop that never yields — an endless `while (true)`
 * with no exit, or a loop over fetched/parsed/database data of unbounded size doing CPU work per element (hashing,
 * regular expressions, `JSON.stringify`, sorting, nested loops). While it runs, no timer or I/O callback can.
 */
export default defineRule<Record<string, never>, MessageId>({
  meta: {
    id: 'event-loop-starvation',
    description:
      'Reports CPU-heavy loops over unbounded data in async code that never yield to the event loop.',
    defaultSeverity: 'info',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      endless:
        'This loop has no exit and never awaits: once entered it blocks the event loop for good. Add an `await` ' +
        '(for example `await yieldToEventLoop()` from @awaitwise/core) or an exit condition.',
      heavyLoop:
        'This loop runs {{work}} for every element of `{{data}}`, whose size comes from outside, without yielding: ' +
        'a large input blocks timers and I/O for the whole loop. Use `cooperative(items, fn, { budgetMs })` or ' +
        '`await yieldToEventLoop()` every so often (from @awaitwise/core), or move the work to a worker thread.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;

    let script: boolean | undefined;
    const check = (loop: ts.Node, body: ts.Node, data: ts.Expression | undefined, at: ts.Node): void => {
      // A command-line script has no other clients waiting on its event loop.
      script ??= isCommandLineScript(sourceFile) || readsProcessArgv(sourceFile);
      if (script) return;
      const fn = enclosingFunction(loop);
      if (fn === undefined || !isAsyncFunction(fn)) return;
      if (yields(body)) return;
      if (data === undefined) {
        if (!ts.isCallExpression(loop) && isEndless(loop) && !exits(body)) {
          context.report({ node: at, messageId: 'endless' });
        }
        return;
      }
      if (!unbounded(data)) return;
      const work = heavyWork(body, rootText(data), elementName(loop, body));
      if (work === undefined) return;
      context.report({
        node: at,
        messageId: 'heavyLoop',
        data: { work, data: skipOuter(data).getText(sourceFile).replace(/\s+/g, ' ').slice(0, 40) },
      });
    };

    return {
      [ts.SyntaxKind.ForOfStatement]: (node) => {
        const loop = node;
        if (loop.awaitModifier !== undefined) return;
        check(loop, loop.statement, loop.expression, loop.getFirstToken(sourceFile) ?? loop);
      },
      [ts.SyntaxKind.ForInStatement]: (node) => {
        const loop = node;
        check(loop, loop.statement, loop.expression, loop.getFirstToken(sourceFile) ?? loop);
      },
      [ts.SyntaxKind.ForStatement]: (node) => {
        const loop = node;
        check(loop, loop.statement, lengthBound(loop.condition), loop.getFirstToken(sourceFile) ?? loop);
      },
      [ts.SyntaxKind.WhileStatement]: (node) => {
        const loop = node;
        check(loop, loop.statement, undefined, loop.getFirstToken(sourceFile) ?? loop);
      },
      [ts.SyntaxKind.DoStatement]: (node) => {
        const loop = node;
        check(loop, loop.statement, undefined, loop.getFirstToken(sourceFile) ?? loop);
      },
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        const callee = skipOuter(call.expression);
        if (!ts.isPropertyAccessExpression(callee) || !iterationMethods.has(callee.name.text)) return;
        const callback = call.arguments[0] === undefined ? undefined : skipOuter(call.arguments[0]);
        if (callback === undefined || !isFunctionLike(callback) || isAsyncFunction(callback)) return;
        check(call, callback, callee.expression, callee.name);
      },
    };
  },
});

/** `i < items.length` → `items`. */
function lengthBound(condition: ts.Expression | undefined): ts.Expression | undefined {
  if (condition === undefined) return undefined;
  const inner = skipOuter(condition);
  if (!ts.isBinaryExpression(inner)) return undefined;
  const right = skipOuter(inner.right);
  if (ts.isPropertyAccessExpression(right) && right.name.text === 'length') return right.expression;
  return undefined;
}

/** `while (true)`, `for (;;)`, `do … while (true)`. */
function isEndless(loop: ts.Node): boolean {
  if (ts.isForStatement(loop))
    return loop.condition === undefined || loop.condition.kind === ts.SyntaxKind.TrueKeyword;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) {
    return skipOuter(loop.expression).kind === ts.SyntaxKind.TrueKeyword;
  }
  return false;
}

/** True when the loop body can leave the loop (break, return, throw) — then it is not endless. */
function exits(body: ts.Node): boolean {
  return (
    findInFunction(
      body,
      (node) => ts.isBreakStatement(node) || ts.isReturnStatement(node) || ts.isThrowStatement(node),
    ) !== undefined ||
    ts.isBreakStatement(body) ||
    ts.isReturnStatement(body) ||
    ts.isThrowStatement(body)
  );
}

/** True when the body awaits or calls something that yields to the event loop. */
function yields(body: ts.Node): boolean {
  const test = (node: ts.Node): boolean => {
    if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) return true;
    if (ts.isForOfStatement(node) && node.awaitModifier !== undefined) return true;
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(node.expression);
      const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
      if (name !== undefined && yieldCalls.has(name)) return true;
    }
    return false;
  };
  if (test(body)) return true;
  return (isFunctionLike(body) ? findDescendant(body, test) : findInFunction(body, test)) !== undefined;
}

/** True when `data` (or the variable it names) comes from `await …` or `JSON.parse(…)`: its size is outside data. */
function unbounded(data: ts.Expression, depth = 0): boolean {
  const inner = skipOuter(data);
  if (ts.isAwaitExpression(inner)) return true;
  if (ts.isCallExpression(inner)) {
    if (dottedName(inner.expression) === 'JSON.parse') return true;
    // `Object.values(await load())`, `rows.filter(…)`: follow the receiver or first argument.
    const callee = skipOuter(inner.expression);
    if (ts.isPropertyAccessExpression(callee)) {
      if (callee.expression.getText() === 'Object' && inner.arguments[0] !== undefined) {
        return depth < 4 && unbounded(inner.arguments[0], depth + 1);
      }
      return depth < 4 && unbounded(callee.expression, depth + 1);
    }
    return false;
  }
  const root = rootOfChain(inner);
  if (!ts.isIdentifier(root)) return false;
  const declaration = initializedVariable(root);
  if (declaration === undefined) return false;
  if (!ts.isIdentifier(declaration.name)) {
    // `const { rows } = await db.query(…)`
    return ts.isAwaitExpression(skipOuter(declaration.initializer));
  }
  return depth < 4 && unbounded(declaration.initializer, depth + 1);
}

/** What a nested loop iterates over (`for…of` expression, `i < x.length`, `x.forEach(…)` receiver). */
function nestedLoopData(node: ts.Node): ts.Expression | undefined {
  if (ts.isForOfStatement(node) || ts.isForInStatement(node)) return node.expression;
  if (ts.isForStatement(node)) return lengthBound(node.condition);
  if (ts.isCallExpression(node)) {
    const callee = skipOuter(node.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      iterationMethods.has(callee.name.text) &&
      node.arguments.some(isFunctionLike)
    ) {
      return callee.expression;
    }
  }
  return undefined;
}

/**
 * The text of the root identifier of an iterated expression (`rows` for `rows.filter(…)`, `peers` for
 * `Object.entries(peers)` and `Array.from(peers)`), or undefined.
 */
function rootText(data: ts.Expression): string | undefined {
  let current = skipOuter(data);
  for (;;) {
    // A static helper's argument is the data, not the helper's receiver: two loops over `Object.entries(…)` of
    // different objects are not a loop nested over the same data.
    if (ts.isCallExpression(current) && current.arguments[0] !== undefined) {
      const dotted = dottedName(current.expression);
      if (dotted !== undefined && /^(?:Object\.(?:entries|keys|values)|Array\.from)$/.test(dotted)) {
        current = skipOuter(current.arguments[0]);
        continue;
      }
    }
    if (ts.isIdentifier(current)) return current.text;
    if (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      current = skipOuter(current.expression);
    } else if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(skipOuter(current.expression))) {
      current = skipOuter((skipOuter(current.expression) as ts.PropertyAccessExpression).expression);
    } else {
      return undefined;
    }
  }
}

/** The name of the whole element when the loop binds it to one identifier (not destructured). */
function elementName(loop: ts.Node, body: ts.Node): string | undefined {
  if (
    (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) &&
    ts.isVariableDeclarationList(loop.initializer)
  ) {
    const name = loop.initializer.declarations[0]?.name;
    return name !== undefined && ts.isIdentifier(name) ? name.text : undefined;
  }
  if (isFunctionLike(body)) {
    const name = body.parameters[0]?.name;
    return name !== undefined && ts.isIdentifier(name) ? name.text : undefined;
  }
  return undefined;
}

/**
 * A short description of the CPU work the body does per element, or undefined when it looks cheap: hashing, sync
 * compression or file reads, sorting, `JSON.stringify` of the whole element, a nested loop over the same data
 * (quadratic) or a large fixed inner loop. Cheap per-element work (fields, small lookups, regex tests) is not counted.
 */
function heavyWork(
  body: ts.Node,
  dataRoot: string | undefined,
  element: string | undefined,
): string | undefined {
  let work: string | undefined;
  const visit = (node: ts.Node): boolean => {
    // `for (let i = 0; i < 1000; i++)` inside the loop: a fixed but large amount of work per element.
    if (ts.isForStatement(node) && node.condition !== undefined) {
      const condition = skipOuter(node.condition);
      if (ts.isBinaryExpression(condition)) {
        const bound = skipOuter(condition.right);
        if (ts.isNumericLiteral(bound) && Number(bound.text) >= 100) {
          work = `a nested loop of ${bound.text} iterations`;
          return true;
        }
      }
    }
    const nested = nestedLoopData(node);
    if (nested !== undefined) {
      if (dataRoot !== undefined && rootText(nested) === dataRoot) {
        work = 'a nested loop over the same data';
        return true;
      }
      return false;
    }
    if (!ts.isCallExpression(node)) return false;
    const dotted = dottedName(node.expression);
    if (dotted === 'JSON.stringify' && !isShadowed('JSON', node)) {
      const argument = node.arguments[0] === undefined ? undefined : skipOuter(node.arguments[0]);
      if (
        element !== undefined &&
        argument !== undefined &&
        ts.isIdentifier(argument) &&
        argument.text === element
      ) {
        work = '`JSON.stringify`';
        return true;
      }
      return false;
    }
    const callee = skipOuter(node.expression);
    const name = ts.isIdentifier(callee) ? callee.text : memberName(callee);
    if (name !== undefined && heavyCalls.has(name)) {
      work = `\`${name}\``;
      return true;
    }
    return false;
  };
  const root = isFunctionLike(body) ? body.body : body;
  if (root === undefined) return undefined;
  if (visit(root) || findInFunction(root, visit) !== undefined) return work;
  return undefined;
}
