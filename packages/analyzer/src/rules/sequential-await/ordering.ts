/**
 * When the order of awaited work is the point, whatever the data flow says: writes to one stream or socket, a
 * cursor, sleeps and locks, commands queued on one transaction, session or pipeline, shell commands, prompts,
 * assertions and browser steps, methods of the object itself (they share its state), and the loop's own element run
 * as a step (`await hook(ctx)`, `await m.up()`).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  rootName,
  rootOfChain,
  skipOuter,
} from '../../analysis/syntax/expressions.js';
import { findDeclaration } from '../../analysis/syntax/scope.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';
import { callsOwnMethod, changesOwnState } from './own-state.js';

/** Calls whose order is the point: stream/socket writes, cursors, sleeps, locks, transactions, shell, prompts, tests. */
const orderedCalls = new Set([
  'write',
  'writeln',
  'writev',
  'end',
  'appendFile',
  'appendFileSync',
  'send',
  'sendMessage',
  'emit',
  'publish',
  'pipe',
  'pipeline',
  'next',
  'tryNext',
  'hasNext',
  'read',
  'readLine',
  'readline',
  'question',
  'prompt',
  'sleep',
  'delay',
  'wait',
  'waitFor',
  'setTimeout',
  'setImmediate',
  'nextTick',
  'yieldToEventLoop',
  'acquire',
  'lock',
  'release',
  'runExclusive',
  'transaction',
  '$transaction',
  'withTransaction',
  'startTransaction',
  'commit',
  'rollback',
  'multi',
  'exec',
  'execa',
  'execFile',
  'spawn',
  '$',
  'expect',
  'assert',
  'click',
  'type',
  'fill',
  'press',
  'goto',
]);

/** Helpers that run a shell command (`spawnCommand`, `execSync`, `runCommand`): commands run one after another. */
const commandRunner = /^(spawn|exec)|Command$/;

/** Methods called on the loop variable that run it as a step of a sequence (`await migration.up()`). */
const stepMethods = new Set([
  'up',
  'down',
  'run',
  'apply',
  'execute',
  'exec',
  'call',
  'handle',
  'init',
  'initialize',
  'setup',
  'start',
  'migrate',
  'invoke',
]);

/** Calls that hand out one connection, session, transaction or command queue: work on it runs one at a time. */
const sessionFactories = new Set([
  'connect',
  'getConnection',
  'acquire',
  'transaction',
  'startTransaction',
  'beginTransaction',
  'begin',
  'startSession',
  'multi',
  'pipeline',
  'batch',
  'newPage',
  'createWriteStream',
]);

/** Library calls that run a callback inside a transaction or session: its parameter is that session. */
const sessionRunners = /transaction|session|withConnection|serialize|^begin$/i;

/**
 * Whether `root` has a call whose order is the point, or runs one of `stepNames` as a step (`await hook(ctx)`,
 * `await m.up()`), or queues work on a transaction, session, connection or pipeline.
 *
 * @example
 * ```ts
 * if (hasOrderedCall(loop.statement, loopNames)) return undefined;
 * ```
 */
export function hasOrderedCall(root: ts.Node, stepNames: ReadonlySet<string>): boolean {
  let ordered = false;
  const check = (node: ts.CallExpression): void => {
    const name = calleeName(node);
    if (isOrderedByName(node) && !callsOwnMethod(node)) ordered = true;
    const callee = skipOuter(node.expression);
    if (ts.isIdentifier(callee) && stepNames.has(callee.text)) ordered = true;
    // `await handlers[key]()`: the collection's own element, picked by the loop variable, run as a step.
    if (ts.isElementAccessExpression(callee) && mentionsName(callee.argumentExpression, stepNames))
      ordered = true;
    if (node.arguments.some(isSessionArgument)) ordered = true;
    const receiver = calleeReceiver(node);
    if (receiver === undefined) return;
    // A method of the object itself that changes its state (`this.page++`, its connection's queue) orders the calls;
    // one that only reads its fields (`this.get(key)` over a store and a keyed cache) does not.
    if (
      skipOuter(receiver).kind === ts.SyntaxKind.ThisKeyword &&
      isAwaited(node) &&
      changesOwnState(node, isOrderedByName)
    )
      ordered = true;
    const root = rootName(receiver);
    if (name !== undefined && stepMethods.has(name) && root !== undefined && stepNames.has(root))
      ordered = true;
    if (isSessionReceiver(receiver)) ordered = true;
  };
  if (ts.isCallExpression(root)) check(root);
  forEachDescendant(root, (node) => {
    if (ordered) return 'skip';
    if (ts.isCallExpression(node)) check(node);
    return undefined;
  });
  return ordered;
}

/** A call whose order is the point by what it does: a stream write, a sleep, a lock, a shell command … */
export function isOrderedByName(call: ts.CallExpression): boolean {
  const name = calleeName(call);
  return name !== undefined && (orderedCalls.has(name) || commandRunner.test(name));
}

/**
 * A receiver (or a tagged template's tag) that is one transaction, session or connection: named like one
 * (`trx.insert(…)`, `` tx`…` ``), or found to hold one (see {@link isSession}).
 *
 * @example
 * ```ts
 * if (ts.isTaggedTemplateExpression(work) && isSessionReceiver(work.tag)) return true; // statements of one transaction
 * ```
 */
export function isSessionReceiver(receiver: ts.Expression): boolean {
  return /^(trx|tx|txn|transaction|session)$/i.test(rootName(receiver) ?? '') || isSession(receiver);
}

function mentionsName(node: ts.Expression, names: ReadonlySet<string>): boolean {
  const inner = skipOuter(node);
  return ts.isIdentifier(inner) && names.has(inner.text);
}

/**
 * An argument that hands a session to the call: a variable holding one (`addJob(multi, …)`), or an options object
 * with a `transaction` or `session` (Sequelize's `{ transaction }`, Mongoose's `{ session }`).
 */
function isSessionArgument(argument: ts.Expression): boolean {
  const inner = skipOuter(argument);
  if (ts.isIdentifier(inner)) return isSession(inner);
  if (!ts.isObjectLiteralExpression(inner)) return false;
  return inner.properties.some(
    (property) =>
      (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
      ts.isIdentifier(property.name) &&
      /^(transaction|session)$/.test(property.name.text),
  );
}

/**
 * Whether a call hands a session to its callee (`addJob(multi, …)`, `{ transaction }`), or computes an argument with a
 * call whose order is the point: what the call itself is named does not count (its body may say more).
 *
 * @example
 * ```ts
 * if (calleeModel(checker, work, names).inProgram && argumentsOrdered(work)) return false;
 * ```
 */
export function argumentsOrdered(call: ts.CallExpression): boolean {
  return (
    call.arguments.some(isSessionArgument) ||
    call.arguments.some((argument) => hasOrderedCall(argument, new Set()))
  );
}

/** The call is the operand of an `await` (through parentheses). */
function isAwaited(call: ts.CallExpression): boolean {
  let node: ts.Node = call.parent;
  while (ts.isParenthesizedExpression(node)) node = node.parent;
  return ts.isAwaitExpression(node);
}

/**
 * A receiver that is one connection, session, transaction or command queue: a variable holding the result of
 * `pool.connect()`, `db.transaction()`, `redis.multi()` …, or the parameter of a callback run in a transaction
 * (`db.transaction(async (tx) => …)`).
 */
function isSession(receiver: ts.Expression): boolean {
  const root = rootOfChain(receiver);
  if (!ts.isIdentifier(root)) return false;
  const declaration = findDeclaration(root);
  if (declaration === undefined) return false;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    let value = skipOuter(declaration.initializer);
    if (ts.isAwaitExpression(value)) value = skipOuter(value.expression);
    return ts.isCallExpression(value) && sessionFactories.has(calleeName(value) ?? '');
  }
  if (ts.isParameter(declaration)) {
    const fn = declaration.parent;
    const call = fn.parent;
    return (
      ts.isCallExpression(call) &&
      call.arguments.some((a) => a === fn) &&
      sessionRunners.test(calleeName(call) ?? '')
    );
  }
  return false;
}
