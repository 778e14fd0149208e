import ts from '../typescript.cjs';
import { hasShebang, isCommandLineScript } from '../analysis/project/command-line.js';
import { isTestFile } from '../analysis/project/test-code.js';
import { validateBooleanOptions } from '../analysis/options.js';
import { defineRule } from '../rule.js';
import { calleeName, skipOuter } from '../analysis/syntax/expressions.js';
import { findDescendant } from '../analysis/syntax/walk.js';
import {
  findFanout,
  helperFanout,
  isJudgedAtCallSites,
  type Fanout,
} from './unbounded-concurrency/fan-out.js';
import { Limiters } from './unbounded-concurrency/limiters.js';
import {
  droppedIteration,
  startsDroppedWork,
  isNodeCallbackIo,
  libraryFanout,
  spawnsProcess,
  startsCallbackWork,
  unawaitedInLoop,
  unpausedDataHandler,
} from './unbounded-concurrency/loop-fan-out.js';
import { reentersWithIo } from './unbounded-concurrency/recursion.js';
import { isSmallCollection, isSmallLoop } from './unbounded-concurrency/small-collection.js';
import {
  doesIo,
  isLocalOrCacheWork,
  isThreadPoolMetadataWork,
  isWorkerLoop,
  isWorkerPool,
  rewrite,
} from './unbounded-concurrency/io.js';
import {
  Origins,
  exportedInput,
  ioResponse,
  isEveryPageLoop,
} from './unbounded-concurrency/unbounded-origin.js';

/** Options of the `unbounded-concurrency` rule. */
export interface UnboundedConcurrencyOptions {
  /**
   * Report every fan-out over a collection of unknown size, not only over collections whose origin is evidently
   * unbounded (request input, rows of a query without a limit, ids parsed from a document, a directory listing, every
   * page of a listing).
   * @default false
   */
  readonly strict: boolean;
}

const defaults: UnboundedConcurrencyOptions = { strict: false };

/** The combinators that start everything they are given at once. */
const combinators = new Set(['all', 'allSettled', 'any', 'race']);

type MessageId =
  'unbounded' | 'unboundedHelper' | 'unboundedIteration' | 'unboundedLoop' | 'unboundedHandler';

/**
 * `unbounded-concurrency`: concurrency that grows with input. `Promise.all` (and `allSettled`, `any`, `race`) over
 * promises made from every element of a collection of unknown size with I/O inside, and the same without a
 * combinator: `forEach(async …)`, a loop that starts I/O per element without awaiting it, a stream's `'data'` handler
 * that starts I/O per chunk without pausing the stream.
 */
export default defineRule<UnboundedConcurrencyOptions, MessageId>({
  meta: {
    id: 'unbounded-concurrency',
    description:
      'Reports work started once per element of a collection of unknown size, all at once: `Promise.all(items.map(async …))`, `items.forEach(async …)`, a loop that does not await the I/O it starts.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: true,
    messages: {
      unbounded:
        '`Promise.{{combinator}}` starts one operation per element of {{origin}}, all at once: a ' +
        'large input exhausts sockets, memory or a rate limit. Bound it: `{{helper}}(items, fn, { concurrency: 8 })` ' +
        'from @awaitwise/core.',
      unboundedHelper:
        '`{{method}}` starts one operation per element of {{origin}}, all at once (its body hands them all to a ' +
        '`Promise` combinator): a large input exhausts sockets, memory or a rate limit. Bound it: ' +
        '`map(items, fn, { concurrency: 8 })` from @awaitwise/core.',
      unboundedIteration:
        '`{{method}}` starts one async operation per element of {{origin}} and waits for none of them: a large ' +
        'input runs them all at once. Bound it: `await map(items, fn, { concurrency: 8 })` from @awaitwise/core.',
      unboundedLoop:
        'This loop over {{origin}} starts an operation per element without awaiting it: a large input runs them all ' +
        'at once. Await it, or bound it: `await map(items, fn, { concurrency: 8 })` from @awaitwise/core.',
      unboundedHandler:
        "This `'{{event}}'` handler starts an operation per chunk and never pauses the stream: a fast source runs " +
        'them all at once. Use `for await (const chunk of stream)`, or `pause()` until the work is done.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => validateBooleanOptions('unbounded-concurrency', raw, defaults),
  create(context) {
    const { strict } = context.options;
    // Test code fans out over fixtures the test chose.
    if (isTestFile(context.sourceFile.fileName)) return {};
    // A project's own scripts run over the developer's own files; a command the package ships (a `#!` file outside a
    // scripts folder) runs over its users' files, as many as they have.
    if (!strict && isCommandLineScript(context.sourceFile) && !isShippedCommand(context.sourceFile))
      return {};
    const checker = context.getTypeChecker();
    const limiters = new Limiters(checker);
    const origins = new Origins(checker, context.program, strict);
    const unknownSize = 'a collection of unknown size';

    /** Where the elements come from, when a fan-out over them needs a bound; undefined to stay silent. */
    const judge = (
      fanout: Fanout,
      startsWork: (work: ts.Node, checker: ts.TypeChecker) => boolean = () => false,
    ): string | undefined => {
      if (fanout.items !== undefined && isSmallCollection(fanout.items, checker)) return undefined;
      if (fanout.loop !== undefined && isSmallLoop(fanout.loop, checker)) return undefined;
      if (fanout.items !== undefined && isWorkerPool(fanout.items, fanout.work, checker)) return undefined;
      if (fanout.loop !== undefined && isWorkerLoop(fanout.loop, fanout.work, checker)) return undefined;
      // each(items, fn) of the program: judged where it is called, with what the call hands it
      if (isJudgedAtCallSites(fanout.work, checker, context.program)) return undefined;
      // the work comes back to this fan-out with I/O on the way: a tree, as big as the data makes it
      let recursive: boolean | undefined;
      const recurses = (): boolean => (recursive ??= reentersWithIo(fanout.work, checker, limiters));
      if (!doesIo(fanout.work, checker, limiters) && !startsWork(fanout.work, checker) && !recurses())
        return undefined;
      const origin =
        (fanout.items === undefined ? undefined : origins.of(fanout.items)) ??
        (fanout.loop !== undefined && isEveryPageLoop(fanout.loop, checker)
          ? 'every page of a listing'
          : undefined) ??
        (recurses() ? 'a recursive walk' : undefined);
      if (strict) return origin ?? unknownSize;
      // a child process per element: a process and its pipes each, bounded by nothing but the list
      if (origin === undefined && spawnsProcess(fanout.work, checker)) return unknownSize;
      // a parameter of an exported function is a collection when its type says so (not `any`): an untyped options
      // bag is configuration. A response the code maps over is a list the other side sized, whatever its declared
      // type (`const { data } = await axios.get(url)` is `any`).
      if (
        origin === exportedInput &&
        !(fanout.walked === true
          ? isTyped(fanout.items, checker)
          : isTypedCollection(fanout.items, checker)) &&
        !isWholeParameter(fanout.items, checker)
      )
        return undefined;
      if (origin === ioResponse && fanout.walked === true && !isTyped(fanout.items, checker))
        return undefined;
      // By default only a collection whose origin is evidently unbounded, seen from the code.
      if (origin === undefined || isLocalOrCacheWork(fanout.work, checker)) return undefined;
      // file-system calls that hold no descriptor queue in libuv's thread pool: only memory grows
      if (isThreadPoolMetadataWork(fanout.work, checker)) return undefined;
      return origin;
    };

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        const callee = skipOuter(call.expression);
        if (
          ts.isPropertyAccessExpression(callee) &&
          ts.isIdentifier(callee.expression) &&
          callee.expression.text === 'Promise' &&
          combinators.has(callee.name.text)
        ) {
          const argument = call.arguments[0];
          const fanout = argument === undefined ? undefined : findFanout(argument, 0, checker);
          const origin = fanout === undefined ? undefined : judge(fanout);
          if (fanout === undefined || origin === undefined) return;
          const combinator = callee.name.text;
          const helper = combinator === 'allSettled' ? 'mapSettled' : 'map';
          const suggestion =
            combinator === 'all' || combinator === 'allSettled'
              ? rewrite(context.sourceFile, call, fanout, helper)
              : undefined;
          context.report({
            node: callee,
            messageId: 'unbounded',
            data: { combinator, helper, origin },
            ...(suggestion === undefined ? {} : { suggestions: [suggestion] }),
          });
          return;
        }
        // a library's each/map, or the program's own helper: named by the call, judged with what it is handed
        const library = libraryFanout(call, checker);
        const viaHelper = library === undefined ? helperFanout(call, checker) : undefined;
        const called = library ?? viaHelper;
        if (called !== undefined) {
          const origin = judge(called, library === undefined ? undefined : startsCallbackWork);
          if (origin === undefined) return;
          context.report({
            node: called.report ?? call,
            messageId: library === undefined ? 'unboundedHelper' : 'unboundedIteration',
            data: { method: call.expression.getText(context.sourceFile), origin },
          });
          return;
        }
        const iteration = droppedIteration(call);
        if (iteration !== undefined) {
          const origin = judge(iteration, (work, types) => startsDroppedWork(work, types, limiters));
          if (origin === undefined) return;
          context.report({
            node: iteration.report ?? call,
            messageId: 'unboundedIteration',
            data: { method: calleeName(call) ?? 'forEach', origin },
          });
          return;
        }
        const handler = unpausedDataHandler(call, checker);
        if (
          handler !== undefined &&
          (doesIo(handler.work, checker, limiters) || startsDroppedWork(handler.work, checker, limiters))
        ) {
          const event = call.arguments[0];
          context.report({
            node: handler.report ?? call,
            messageId: 'unboundedHandler',
            data: { event: event !== undefined && ts.isStringLiteralLike(event) ? event.text : 'data' },
          });
        }
      },
      ...Object.fromEntries(
        loopKinds.map((kind) => [
          kind,
          (node: ts.Node) => {
            const loop = node as ts.IterationStatement;
            const awaited = ts.isForOfStatement(loop) ? awaitedOneByOne(loop, checker) : undefined;
            if (awaited !== undefined && ts.isForOfStatement(loop)) {
              const origin = judge(awaited);
              if (origin !== undefined)
                context.report({
                  node: loop.expression,
                  messageId: 'unboundedIteration',
                  data: { method: 'map', origin },
                });
              return;
            }
            const started = unawaitedInLoop(loop, checker);
            if (started === undefined) return;
            const origin = judge(
              { items: started.items, work: started.start, mapCall: undefined, loop },
              (work, types) => ts.isCallExpression(work) && isNodeCallbackIo(work, types),
            );
            if (origin === undefined) return;
            context.report({ node: started.start, messageId: 'unboundedLoop', data: { origin } });
          },
        ]),
      ),
    };
  },
});

/** A command the package ships to its users: a `#!` program that is not in a `scripts` folder or a seed. */
function isShippedCommand(sourceFile: ts.SourceFile): boolean {
  return (
    hasShebang(sourceFile) &&
    !/[\\/]scripts?[\\/]/.test(sourceFile.fileName) &&
    !/[\\/](seeds|seeders)[\\/]/.test(sourceFile.fileName)
  );
}

const loopKinds = [
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.DoStatement,
] as const;

/**
 * `for (const pending of uploads) await pending` or `for await (const result of uploads)` over `uploads =
 * files.map(upload)`: the loop waits one at a time for promises the `map` already started all at once.
 */
function awaitedOneByOne(loop: ts.ForOfStatement, checker: ts.TypeChecker): Fanout | undefined {
  const awaits =
    loop.awaitModifier !== undefined ||
    findDescendant(loop.statement, (node) => ts.isAwaitExpression(node)) !== undefined;
  if (!awaits) return undefined;
  const fanout = findFanout(loop.expression, 0, checker);
  return fanout === undefined || fanout.loop !== undefined ? undefined : fanout;
}

/** A collection by its type (it has a `length` or a `size`), not `any` or `unknown`. */
function isTypedCollection(items: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (items === undefined) return true;
  const type = checker.getTypeAtLocation(items);
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => {
    if (part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    if (part.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) return true;
    const apparent = checker.getApparentType(part);
    return (
      checker.getPropertyOfType(apparent, 'length') !== undefined ||
      checker.getPropertyOfType(apparent, 'size') !== undefined
    );
  });
}

/**
 * The collection is a parameter itself, as the caller passed it (`function totalBalance(addresses, done)` handing
 * `addresses` to `async.each`): in untyped JavaScript the fan-out is what says it is a list, the caller's data. Not a
 * property of a parameter or a destructured option (`start({ targets })`): that is configuration the caller wrote.
 */
function isWholeParameter(items: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (items === undefined) return false;
  const node = skipOuter(items);
  if (!ts.isIdentifier(node)) return false;
  const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
  return (
    declaration !== undefined &&
    ts.isParameter(declaration) &&
    ts.isIdentifier(declaration.name) &&
    declaration.dotDotDotToken === undefined
  );
}

/** A value whose type the checker knows (not `any` or `unknown`): what a walk runs over. */
function isTyped(items: ts.Expression | undefined, checker: ts.TypeChecker): boolean {
  if (items === undefined) return true;
  return (checker.getTypeAtLocation(items).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0;
}
