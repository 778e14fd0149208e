/**
 * `check-then-act`, third detector: shared state checked, an `await`, then the same state written — the check every
 * concurrent caller passes before the first one gets to the write.
 *
 * - a field or module variable: `if (!this.client) { this.client = await connect() }`,
 *   `if (initialized) return; await load(); initialized = true`;
 * - a flag on a shared object (`const entry = registry.get(id); if (entry.ready) return; … entry.ready = true`);
 * - an entry of a shared `Map`/`Set`/object cache: `if (!cache.has(key)) { cache.set(key, await load(key)) }`.
 *
 * "The same state" is the same reference chain, or the same collection and the same key expression. The fixes are
 * left alone: a claim written before the first `await` (`this.loading = true`, the in-flight promise stored), a
 * re-check after the last `await`, and a write that clears the mark instead of setting it (a `finally` resetting a
 * busy flag).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isAssignmentOperator,
  normalizedText,
  referenceText,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isAsyncFunction,
  isFunctionLike,
} from '../../analysis/syntax/functions.js';
import { findDeclaration, initializedVariable } from '../../analysis/syntax/scope.js';
import { forEachDescendant, forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';
import { exits } from './key-race.js';
import { handedInUnauthorized, storesAwaitedValue } from './stale-answer.js';

/** A piece of shared state: a reference chain (`this.client`), or one key of a shared collection. */
interface Slot {
  /** How the finding names it: `this.client`, `cache` (key `id`). */
  readonly text: string;
  /** Identity: the chain, or `collection\u0000key`. */
  readonly id: string;
}

/** The condition's truth when the slot holds a truthy value: same (1), opposite (-1), or unknown (0). */
type Polarity = 1 | -1 | 0;

interface SlotRead {
  readonly slot: Slot;
  readonly polarity: Polarity;
  /** Read through an answer that says the value is stale (a 401), not a test of the value itself. */
  readonly answered?: true;
  /** A property of the object the slot holds was tested (`ws.readyState`): only replacing that object answers it. */
  readonly held?: true;
}

interface SlotWrite {
  readonly slot: Slot;
  readonly node: ts.Node;
  /** Whether the value written is truthy (true), falsy (false), or unknown (undefined). */
  readonly truthy: boolean | undefined;
  /**
   * The write happens inside an async function this call runs (`return this.refresh()` where `refresh` stores the
   * token after its own `await`): the call is both the wait and the write.
   */
  readonly viaCall?: true;
}

/** A shared-state check whose write comes after an `await`. */
export interface SharedCheckRace {
  readonly node: ts.Node;
  readonly target: string;
  /** The `if` (or the `??=`) whose check concurrent calls all pass. */
  readonly check: ts.Node;
}

/**
 * Races on shared state in `fn`: a check of a slot, an `await`, then a write that sets the slot to what makes later
 * callers skip the check.
 *
 * @param isShared whether a reference chain is shared state at a node (a module variable, a field of `this`)
 */
export function sharedCheckRaces(
  fn: FunctionLike,
  sourceFile: ts.SourceFile,
  isShared: (text: string, at: ts.Node) => boolean,
): SharedCheckRace[] {
  const body = fn.body;
  if (body === undefined || !ts.isBlock(body)) return [];
  // The points where the call waits: every `await`, and the promise a `.then(…)`/`.catch(…)`/`.finally(…)` continues
  // from (`return load().then((value) => { this.loaded = true })` waits for `load()` as surely as an `await` does).
  const awaits: ts.Expression[] = [];
  // For a continued promise, the callbacks that run after it: only what they do waits for it.
  const continuedBy = new Map<ts.Expression, readonly FunctionLike[]>();
  const precedes = (wait: ts.Expression, write: ts.Node): boolean => {
    const callbacks = continuedBy.get(wait);
    return callbacks === undefined
      ? completesBefore(wait, write)
      : callbacks.some((callback) => isWithin(write, callback));
  };
  // An Active Record instance (a class that saves itself: Sequelize, TypeORM, Mongoose documents) is a per-request
  // copy of a row: its fields are not shared between concurrent requests.
  const record = isActiveRecordMember(fn);
  const slots = new SlotReader(
    sourceFile,
    (text, at) =>
      (isShared(text, at) && !(record && text.startsWith('this.'))) || isClosureState(text, at, fn),
  );
  // `this.connectionLock = this._connect()`: every call is claimed by its caller, so calls never overlap
  if (calledOnlyThroughClaims(fn, slots)) return [];
  const writes: SlotWrite[] = [];
  const checks: ts.IfStatement[] = [];
  const races: SharedCheckRace[] = [];
  const reported = new Set<string>();
  // Callbacks of one chain, one run after the other has settled: a check in the first, a write in the second.
  const chained: { checkedIn: readonly FunctionLike[]; writtenIn: readonly FunctionLike[] }[] = [];
  // `inCallback`: an `await` inside a `.then(async …)` callback suspends the callback, not this function
  const visit = (node: ts.Node, inCallback = false): void => {
    if (ts.isAwaitExpression(node) && !inCallback) awaits.push(node);
    const write = slots.writeOf(node);
    if (write !== undefined) writes.push(write);
    if (ts.isCallExpression(node)) writes.push(...slots.writesThrough(node, fn));
    // this.connection ??= await open(): the check and the write in one expression, the await between them
    const lazy = lazyAssignment(node, slots);
    if (lazy !== undefined && !reported.has(lazy.id)) {
      reported.add(lazy.id);
      races.push({ node, target: lazy.text, check: node });
    }
    const continued = continuation(node);
    // `this.pending = load().then(…)`: later callers join the stored promise, the callbacks run once
    if (continued !== undefined && !slots.storedInShared(node as ts.CallExpression)) {
      // `.then(() => { if (this.conn) return this.conn; return open() }).then((conn) => { this.conn = conn })`
      const earlier = continuation(skipOuter(continued.after));
      if (earlier !== undefined)
        chained.push({ checkedIn: earlier.callbacks, writtenIn: continued.callbacks });
      awaits.push(continued.after);
      continuedBy.set(continued.after, continued.callbacks);
      for (const callback of continued.callbacks) {
        const inner = callback.body;
        if (inner === undefined) continue;
        if (!ts.isBlock(inner)) visit(skipOuter(inner), true);
        forEachInFunction(inner, (child) => {
          visit(child, true);
        });
      }
    }
  };
  forEachInFunction(body, (node) => {
    if (ts.isIfStatement(node)) checks.push(node);
    visit(node);
  });
  if (writes.length === 0) return races;
  for (const chain of chained)
    races.push(...chainedRaces(chain.checkedIn, chain.writtenIn, writes, slots, reported));
  awaits.sort((a, b) => a.getStart() - b.getStart());
  // The first await on the path that goes on: one inside a branch that returns (`if (running) return await old()`)
  // ends that call, it does not open a window before a claim made after the branch.
  const suspends = awaits.filter((a) => !continuedBy.has(a));
  const firstAwait = suspends.find((a) => !inExitingBranch(a, body)) ?? suspends[0];
  // `if (error.response?.status === 401) { const fresh = await refresh(); storeToken(fresh) }`: the answer handed in
  // says the credential is stale, and every request that carried it gets the same answer; the slots this branch
  // stores its own refresh's result in are the state it checked.
  const refreshedOnAnswer = (check: ts.IfStatement, exitForm: boolean): SlotRead[] => {
    const answer = handedInUnauthorized(check.expression, fn);
    if (answer === undefined) return [];
    const seen = new Set<string>();
    const found: SlotRead[] = [];
    for (const write of writes) {
      if (write.truthy === false || seen.has(write.slot.id)) continue;
      const guarded =
        isWithin(write.node, check.thenStatement) ||
        (exitForm && write.node.getStart() > check.getEnd() && inRestOf(check, write.node));
      if (!guarded) continue;
      if (write.viaCall !== true && !storesAwaitedValue(write.node, awaits, continuedBy, answer)) continue;
      seen.add(write.slot.id);
      found.push({ slot: write.slot, polarity: 0, answered: true });
    }
    return found;
  };
  // A busy mark: another shared slot, read earlier in the function, set before the first wait after `from`.
  const busyMarkBefore = (slot: Slot, from: number, to: number): boolean =>
    writes.some(
      (mark) =>
        mark.slot.id !== slot.id &&
        mark.truthy !== false &&
        mark.node.getStart() >= from &&
        mark.node.getEnd() <= to &&
        slots.readsBetween(body, mark.slot, body.getStart(), mark.node.getStart(), mark.node),
    );
  // Slots checked before the first await and claimed before it: the function serialises itself.
  const claimed =
    firstAwait === undefined ? new Set<string>() : claimsBefore(checks, writes, slots, firstAwait);
  for (const check of checks) {
    // `if (!ready) return;` skips the rest; `if (!id) { await init(); if (done) return; }` may go on to it
    const exitForm = alwaysExits(check.thenStatement) && check.elseStatement === undefined;
    const reads = [
      ...slots.readsIn(check.expression),
      ...slots.readsThroughAnswers(check.expression, fn),
      ...refreshedOnAnswer(check, exitForm),
    ];
    if (reads.length === 0) continue;
    for (const read of reads) {
      if (reported.has(read.slot.id) || claimed.has(read.slot.id)) continue;
      // Where the guarded work is: in the branch (`if (!loaded) { … loaded = true }`, also when the branch returns
      // the work: `if (!loaded) return load().then(() => { loaded = true })`), or after a branch that exits
      // (`if (loaded) return; … loaded = true`). The value that makes a later caller skip the work is the state the
      // first caller should set.
      const skipsWhenTruthy = (inBranch: boolean): boolean | undefined =>
        read.polarity === 0 ? undefined : inBranch ? read.polarity === -1 : read.polarity === 1;
      const candidates = writes.filter((write) => {
        // a write that clears the state (`this.subscriber = null` in a teardown) initialises nothing
        if (write.slot.id !== read.slot.id || write.truthy === false) return false;
        // the held object replaced by one this call makes (`ws = new WebSocket(url)`, `= await open()`), not state a
        // method it calls refills (a buffer fetched again)
        if (read.held === true && (write.viaCall === true || write.truthy !== true)) return false;
        const inBranch = isWithin(write.node, check.thenStatement);
        if (!inBranch && !(exitForm && write.node.getStart() > check.getEnd() && inRestOf(check, write.node)))
          return false;
        const skips = skipsWhenTruthy(inBranch);
        return skips === undefined || write.truthy === undefined || write.truthy === skips;
      });
      // The last mark is the one that tells later callers the work is done.
      for (const write of candidates.reverse()) {
        const from = isWithin(write.node, check.thenStatement)
          ? check.thenStatement.getStart()
          : check.getEnd();
        const between = awaits.filter((a) => a.getStart() >= from && precedes(a, write.node));
        if (between.length === 0 && write.viaCall === undefined) continue;
        // `files = await syncPromise`: the work between is one promise every caller shares, not run per caller. One
        // shared wait among work of the call's own (`await import('db')`, then a client opened and migrated) is not.
        if (between.length > 0 && between.every((a) => slots.awaitsShared(a))) break;
        const firstStart = between[0]?.getStart() ?? write.node.getStart();
        if (claimedBetween(writes, read.slot, from, firstStart, write.node)) break;
        // `if (refreshing) return queued(); refreshing = true; const fresh = await refresh()`: the first caller marks
        // the refresh as running before it waits, and the others are turned away by that mark
        if (read.answered === true && busyMarkBefore(read.slot, from, firstStart)) break;
        const lastEnd = write.viaCall === undefined ? (between.at(-1) as ts.Expression).getEnd() : from;
        if (slots.readsBetween(body, read.slot, lastEnd, write.node.getStart(), write.node)) break;
        // `config.set(key, !config.get(key))`: the value written is computed from the state at the write, not from
        // the check made before the await (a toggle or a count of the current value, not a stale mark)
        if (slots.rereadBy(write, read.slot)) break;
        if (releasedLater(body, write)) break;
        // `if (generation !== current) return;` after the last await: the call re-validates before it writes
        if (revalidated(body, slots, lastEnd, write.node.getStart())) break;
        reported.add(read.slot.id);
        races.push({ node: write.node, target: read.slot.text, check });
        break;
      }
      // one finding per check: `if (provider && ready) return` set in two steps is one race
      if (races.length > 0 && races[races.length - 1]?.check === check) break;
    }
  }
  return races;
}

/**
 * A check in one callback of a promise chain and the write of the same state in a callback chained after it
 * (`.then(() => { if (this.conn) return this.conn; return open(url) }).then((conn) => { this.conn = conn })`): the
 * second callback runs once what the first returned has settled, so every call made meanwhile passes the check. Left
 * alone: a claim made in the first callback after its checks (the in-flight promise stored), work that is itself
 * shared state (`return this.pending`), and a re-check in the second callback before it writes.
 */
function chainedRaces(
  checkedIn: readonly FunctionLike[],
  writtenIn: readonly FunctionLike[],
  writes: readonly SlotWrite[],
  slots: SlotReader,
  reported: Set<string>,
): SharedCheckRace[] {
  const races: SharedCheckRace[] = [];
  const next = writtenIn[0];
  if (next === undefined) return races;
  for (const first of checkedIn) {
    const body = first.body;
    if (body === undefined || !ts.isBlock(body)) continue;
    const checks: ts.IfStatement[] = [];
    const returned: ts.Expression[] = [];
    forEachInFunction(body, (node) => {
      if (ts.isIfStatement(node)) checks.push(node);
      if (ts.isReturnStatement(node) && node.expression !== undefined) returned.push(node.expression);
      return undefined;
    });
    const ownWrites = writes.filter((write) => isWithin(write.node, first));
    const claimed = claimsBefore(checks, ownWrites, slots, next);
    for (const check of checks) {
      // the check decides what the callback hands on: its branch returns, the work is returned after it
      if (!alwaysExits(check.thenStatement) || check.elseStatement !== undefined) continue;
      const work = returned.filter((value) => value.getStart() > check.getEnd());
      const sharedWork = (value: ts.Expression): boolean => {
        const text = referenceText(skipOuter(value));
        return text !== undefined && slots.isSharedAt(text, value);
      };
      if (work.length === 0 || work.every(sharedWork)) continue;
      for (const read of slots.readsIn(check.expression)) {
        if (read.polarity !== 1 || reported.has(read.slot.id) || claimed.has(read.slot.id)) continue;
        const write = writes.find(
          (candidate) =>
            candidate.slot.id === read.slot.id &&
            candidate.truthy !== false &&
            writtenIn.some((callback) => isWithin(candidate.node, callback)),
        );
        if (write === undefined) continue;
        const callback = writtenIn.find((candidate) => isWithin(write.node, candidate)) as FunctionLike;
        const callbackBody = callback.body as ts.Node;
        if (
          slots.readsBetween(
            callbackBody,
            read.slot,
            callbackBody.getStart(),
            write.node.getStart(),
            write.node,
          )
        )
          continue;
        reported.add(read.slot.id);
        races.push({ node: write.node, target: read.slot.text, check });
      }
    }
  }
  return races;
}

/** A promise continued with callbacks: what it waits for, and the callbacks that run after. */
interface Continuation {
  readonly after: ts.Expression;
  readonly callbacks: readonly FunctionLike[];
}

/**
 * `load().then(onValue)`, `.catch(onError)`, `.finally(done)`: the callbacks run once the promise the call is made on
 * has settled, in a later turn, as the statements after an `await` do.
 */
function continuation(node: ts.Node): Continuation | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const name = calleeName(node);
  const receiver = calleeReceiver(node);
  if (receiver === undefined || (name !== 'then' && name !== 'catch' && name !== 'finally')) return undefined;
  const callbacks = node.arguments
    .map((argument) => skipOuter(argument))
    .filter((argument): argument is ts.Expression & FunctionLike => isFunctionLike(argument));
  return callbacks.length === 0 ? undefined : { after: receiver, callbacks };
}

const releases = /^(?:(?:release|close|destroy|dispose|disconnect|quit|free|terminate)\w*|end)$/;

/**
 * The value written is released later in the same call (`this.connection = acquired; … finally { release(acquired) }`):
 * a resource borrowed for this call only, not state initialised once for every caller.
 */
function releasedLater(body: ts.Node, write: SlotWrite): boolean {
  if (!ts.isBinaryExpression(write.node)) return false;
  const value = skipOuter(write.node.right);
  const names = new Set([write.slot.id]);
  const valueText = referenceText(ts.isAwaitExpression(value) ? value.expression : value);
  if (valueText !== undefined) names.add(valueText);
  let released = false;
  forEachInFunction(body, (node) => {
    if (released || node.getEnd() <= write.node.getEnd()) return undefined;
    if (!ts.isCallExpression(node) || !releases.test(calleeName(node) ?? '')) return undefined;
    const receiver = calleeReceiver(node);
    const used = [...node.arguments, ...(receiver === undefined ? [] : [receiver])];
    if (used.some((argument) => names.has(referenceText(argument) ?? ''))) released = true;
    return undefined;
  });
  return released;
}

function inExitingBranch(node: ts.Node, body: ts.Node): boolean {
  for (let current: ts.Node = node; current !== body; current = current.parent) {
    const parent = current.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === current && exits(parent.thenStatement))
      return true;
  }
  return false;
}

/** An `if` that exits on shared state between the last await and the write. */
function revalidated(body: ts.Node, slots: SlotReader, from: number, to: number): boolean {
  let found = false;
  forEachInFunction(body, (node) => {
    if (found || node.getEnd() <= from || node.getStart() >= to) return 'skip';
    if (
      ts.isIfStatement(node) &&
      node.getStart() >= from &&
      node.getEnd() <= to &&
      exits(node.thenStatement) &&
      slots.readsIn(node.expression, false).some((read) => slots.isMutable(read.slot))
    ) {
      found = true;
    }
    return undefined;
  });
  return found;
}

/** `fn` is a method of a class whose methods persist the instance (`this.save()`, `this.reload()`). */
function isActiveRecordMember(fn: FunctionLike): boolean {
  let cls: ts.Node | undefined = fn.parent;
  while (cls !== undefined && !ts.isClassLike(cls)) cls = isFunctionLike(cls) ? undefined : cls.parent;
  if (cls === undefined) return false;
  let persists = false;
  const visit = (node: ts.Node): void => {
    if (persists) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
      /^(save\w*|reload|persist)$/.test(node.expression.name.text)
    ) {
      persists = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(cls);
  return persists;
}

/**
 * A `let`/`var` of a function around `fn` (`function createClient() { let started = false; return { async start()
 * { … } } }`): every call of `fn` made from that closure shares it.
 */
function isClosureState(text: string, at: ts.Node, fn: FunctionLike): boolean {
  const root = ts.isExpression(at) ? rootOfChain(at) : at;
  if (!ts.isIdentifier(root) || root.text !== text.split(/[.[]/)[0]) return false;
  const declaration = findDeclaration(root);
  if (declaration === undefined || !ts.isVariableDeclaration(declaration)) return false;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Using) !== 0) return false;
  if ((list.flags & ts.NodeFlags.Const) !== 0) {
    // a constant closure binding is shared only when it holds a mutable container (`const cache = new Map()`)
    const init = declaration.initializer && skipOuter(declaration.initializer);
    const container =
      init !== undefined &&
      (ts.isNewExpression(init) || ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init));
    if (!container) return false;
  }
  const owner = enclosingFunction(declaration);
  return owner !== undefined && owner !== fn && isWithin(fn, owner) && !onlyAwaitedInTurn(fn, owner);
}

/**
 * `const ensure = async () => …` that its owner only calls in turn, each call finished before the next starts: as
 * `await ensure()` in its own body (a worker loop), as `const pending = ensure(); … await pending`, or returned by
 * another helper of the owner that is itself only called in turn (`const step = () => work().then(() => ensure())`
 * with `await step()` in the loop). Calls of such a helper never overlap.
 */
function onlyAwaitedInTurn(fn: FunctionLike, owner: FunctionLike, depth = 0): boolean {
  const binding = fn.parent;
  if (!ts.isVariableDeclaration(binding) || !ts.isIdentifier(binding.name) || owner.body === undefined)
    return false;
  const name = binding.name.text;
  let calls = 0;
  let other = false as boolean;
  forEachDescendant(owner.body, (node) => {
    if (other || node === fn) return 'skip';
    if (!ts.isIdentifier(node) || node.text !== name || node === binding.name) return undefined;
    if (calledInTurn(node, owner, depth)) calls += 1;
    else other = true;
    return undefined;
  });
  return calls > 0 && !other;
}

/** A use of a helper's name that calls it so that the owner waits for the call before it goes on (see above). */
function calledInTurn(name: ts.Identifier, owner: FunctionLike, depth: number): boolean {
  const call = name.parent;
  if (!ts.isCallExpression(call) || call.expression !== name) return false;
  const use = skipOuterUp(call);
  if (enclosingFunction(call) === owner) {
    if (ts.isAwaitExpression(use.parent)) return true;
    const holder = use.parent;
    return (
      ts.isVariableDeclaration(holder) &&
      holder.initializer === use &&
      ts.isIdentifier(holder.name) &&
      onlyAwaitedLocal(holder.name, owner)
    );
  }
  // a use inside a nested function (a callback, a returned API) could run at any time, unless that function is a
  // helper of the owner that returns the call and is itself only called in turn
  const helper = returningFunction(call);
  return (
    helper !== undefined &&
    depth < 3 &&
    ts.isVariableDeclaration(helper.parent) &&
    enclosingFunction(helper.parent) === owner &&
    onlyAwaitedInTurn(helper, owner, depth + 1)
  );
}

/**
 * The function whose result is `call`'s promise: the one that returns it, through `.then`/`.catch`/`.finally`
 * callbacks (what a continuation returns is what its chain resolves to).
 */
function returningFunction(call: ts.Expression): FunctionLike | undefined {
  let current: ts.Expression = call;
  for (let hop = 0; hop < 4; hop++) {
    const use = skipOuterUp(current);
    const parent = use.parent;
    let fn: FunctionLike | undefined;
    if (ts.isReturnStatement(parent)) fn = enclosingFunction(parent);
    else if (ts.isArrowFunction(parent) && parent.body === use) fn = parent;
    if (fn === undefined) return undefined;
    const chain = fn.parent;
    if (
      ts.isCallExpression(chain) &&
      chain.arguments.some((argument) => argument === fn) &&
      ts.isPropertyAccessExpression(chain.expression) &&
      continuations.has(chain.expression.name.text)
    ) {
      current = chain;
      continue;
    }
    return fn;
  }
  return undefined;
}

const continuations = new Set(['then', 'catch', 'finally']);

/** `const pending = step(); if (pending !== undefined) await pending;`: the local is only awaited (or tested). */
function onlyAwaitedLocal(local: ts.Identifier, owner: FunctionLike): boolean {
  if (owner.body === undefined) return false;
  let awaited = 0;
  let other = false as boolean;
  forEachDescendant(owner.body, (node) => {
    if (other) return 'skip';
    if (!ts.isIdentifier(node) || node.text !== local.text || node === local) return undefined;
    const use = skipOuterUp(node);
    const parent = use.parent;
    if (ts.isAwaitExpression(parent) && enclosingFunction(parent) === owner) awaited += 1;
    else if (!testsValue(parent, use)) other = true;
    return undefined;
  });
  return awaited > 0 && !other;
}

/** The use only tests the value: `if (pending)`, `pending !== undefined`, `!pending`. */
function testsValue(parent: ts.Node, use: ts.Node): boolean {
  if (ts.isIfStatement(parent) && parent.expression === use) return true;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  return (
    ts.isBinaryExpression(parent) &&
    [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.EqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsToken,
    ].includes(parent.operatorToken.kind)
  );
}

/** The await finishes before the write happens: in a statement before it, or in the value it writes. */
function completesBefore(awaited: ts.Expression, write: ts.Node): boolean {
  return awaited.getEnd() <= write.getStart() || (isWithin(awaited, write) && !isFunctionLike(awaited));
}

/** `write` runs after the exiting `if` in the same block or a block nested in what follows it. */
function inRestOf(check: ts.IfStatement, write: ts.Node): boolean {
  const block = check.parent;
  return (ts.isBlock(block) || ts.isSourceFile(block)) && isWithin(write, block);
}

function claimsBefore(
  checks: readonly ts.IfStatement[],
  writes: readonly SlotWrite[],
  slots: SlotReader,
  firstAwait: ts.Node,
): Set<string> {
  const claimed = new Set<string>();
  const early = checks.filter((check) => check.getStart() < firstAwait.getStart());
  for (const write of writes) {
    if (write.node.getEnd() > firstAwait.getStart()) continue;
    // A claim that runs whenever the checks before it pass (it sits in their block or an outer one), not one inside
    // an `if` of its own (`if (!entry) { entry = …; registry.set(id, entry) }` claims only that branch).
    const block = unconditionalBlock(write.node);
    const before = early.filter((check) => check.getEnd() <= write.node.getStart() && isWithin(check, block));
    const reads = before.flatMap((check) => slots.readsIn(check.expression));
    if (!reads.some((read) => read.slot.id === write.slot.id)) continue;
    for (const read of reads) claimed.add(read.slot.id);
  }
  return claimed;
}

/**
 * The outermost block the node runs in whenever that block runs: through plain statements and `try` blocks (`try {
 * running = true; … }` claims as surely as a statement before the `try`), stopping at branches and loops.
 */
function unconditionalBlock(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isBlock(current) && !ts.isSourceFile(current)) current = current.parent;
  while (ts.isBlock(current) && ts.isTryStatement(current.parent) && current.parent.tryBlock === current) {
    let outer: ts.Node = current.parent.parent;
    while (!ts.isBlock(outer) && !ts.isSourceFile(outer)) {
      if (!ts.isLabeledStatement(outer)) return current;
      outer = outer.parent;
    }
    current = outer;
  }
  return current;
}

function claimedBetween(
  writes: readonly SlotWrite[],
  slot: Slot,
  from: number,
  to: number,
  except: ts.Node,
): boolean {
  return writes.some(
    (w) => w.node !== except && w.slot.id === slot.id && w.node.getStart() >= from && w.node.getStart() < to,
  );
}

const negatingLiterals = new Set([
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
  ts.SyntaxKind.UndefinedKeyword,
]);

/** Reads and writes of shared slots, with the locals that alias one (`const entry = clients.get(id)`). */
/**
 * The key-value stores a slot can be an entry of. `Map`/`Set`-style collections (`has`, `get`, `set`, `add`,
 * `delete`), and the Web Storage interface that `localStorage`, `sessionStorage` and the stores built on its shape
 * (React Native's `AsyncStorage`, localForage, Expo's `SecureStore`) implement: one store per device, shared by every
 * call, tab and request of the app, so a token or flag kept there races like a field.
 */
const storeReads = ['getItem', 'getItemAsync'];
const storeWrites = ['setItem', 'setItemAsync'];
const storeDeletes = ['removeItem', 'deleteItemAsync'];
/** Reads of an entry's value (a local initialised from one is the entry). */
const entryReads = ['get', ...storeReads];
/** Reads of an entry in a condition: its presence or its value. */
const slotReads = ['has', ...entryReads];

/** `const token = await storage.getItem('token')`: the store read whose awaited value a local holds. */
function awaitedStoreRead(identifier: ts.Identifier): ts.CallExpression | undefined {
  const variable = initializedVariable(identifier);
  if (variable === undefined) return undefined;
  const init = skipOuter(variable.initializer);
  if (!ts.isAwaitExpression(init)) return undefined;
  const call = skipOuter(init.expression);
  return ts.isCallExpression(call) && storeReads.includes(calleeName(call) ?? '') ? call : undefined;
}

/**
 * `if (this.renewal) return this.renewal;`: the return hands back the stored value only when there is one (a promise
 * in flight joined), not the state every run ends by returning.
 */
function returnedWhenPresent(statement: ts.ReturnStatement, text: string): boolean {
  for (let node: ts.Node = statement; !isFunctionLike(node); node = node.parent) {
    const parent = node.parent;
    if (ts.isIfStatement(parent) && parent.thenStatement === node && mentionsChain(parent.expression, text))
      return true;
  }
  return false;
}

/** Whether an expression mentions the reference chain `text`. */
function mentionsChain(node: ts.Node, text: string): boolean {
  if (ts.isExpression(node) && referenceText(node) === text) return true;
  return ts.forEachChild(node, (child) => mentionsChain(child, text) || undefined) ?? false;
}

/** What a function returns when returning is all it does: an expression body, or a block of one `return`. */
function returnedExpression(fn: FunctionLike): ts.Expression | undefined {
  const body = fn.body;
  if (body === undefined) return undefined;
  if (!ts.isBlock(body)) return skipOuter(body);
  const only = body.statements.length === 1 ? body.statements[0] : undefined;
  return only !== undefined && ts.isReturnStatement(only) && only.expression !== undefined
    ? skipOuter(only.expression)
    : undefined;
}

class SlotReader {
  readonly #sourceFile: ts.SourceFile;
  readonly #isShared: (text: string, at: ts.Node) => boolean;

  constructor(sourceFile: ts.SourceFile, isShared: (text: string, at: ts.Node) => boolean) {
    this.#sourceFile = sourceFile;
    this.#isShared = isShared;
  }

  /** Slots a condition reads, each with its polarity. */
  readsIn(condition: ts.Expression, withEntries = true): SlotRead[] {
    const reads: SlotRead[] = [];
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node)) return;
      const slot = this.slotRead(node);
      if (slot !== undefined) {
        const polarity = polarityOf(node, condition);
        reads.push({ slot, polarity });
        // `const entries = cache.get(build); if (entries?.[name]) …` also reads the entry `cache.set(build, …)` writes
        const entry = withEntries ? this.entryRead(node) : undefined;
        if (entry !== undefined && entry.id !== slot.id) reads.push({ slot: entry, polarity });
        // `if (ws?.readyState === OPEN) return; … ws = new WebSocket(url)`: a property of the object a slot holds is
        // state of that slot too, as replacing the object changes it; how the test follows the slot is not known
        if (withEntries && testedDirectly(node, condition))
          for (const holder of this.#holders(node)) reads.push({ slot: holder, polarity: 0, held: true });
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(condition);
    return reads;
  }

  /** Whether a node reads the slot, itself or a property of the object it holds. */
  #readsSlot(node: ts.Node, slot: Slot): boolean {
    const read = this.slotRead(node);
    return (
      read !== undefined &&
      (read.id === slot.id || this.#holders(node).some((holder) => holder.id === slot.id))
    );
  }

  /** The shared chains a property read goes through: `this.socket` for `this.socket.readyState`. */
  #holders(node: ts.Node): Slot[] {
    const holders: Slot[] = [];
    let current: ts.Node = node;
    while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) {
      const holder = skipOuter(current.expression);
      const text = referenceText(holder);
      if (text === undefined || text === 'this' || !this.isSharedChain(text, holder)) break;
      holders.push({ text, id: text });
      current = holder;
    }
    return holders;
  }

  /** The collection entry a chain reads through a local alias: `entries?.[name]` where `entries = cache.get(build)`. */
  private entryRead(node: ts.Node): Slot | undefined {
    if (!ts.isExpression(node)) return undefined;
    const root = rootOfChain(node);
    if (!ts.isIdentifier(root)) return undefined;
    const init = localInitializer(root);
    return init !== undefined && ts.isCallExpression(init)
      ? this.collectionSlot(init, entryReads)
      : undefined;
  }

  /** Whether a reference chain is shared state where it appears. */
  isSharedAt(text: string, at: ts.Node): boolean {
    return this.isSharedChain(text, at);
  }

  /**
   * `await this.loading`, `await syncPromise`, `await import('m')`: the call waits for a promise stored in shared
   * state (or the module loader's), work that every concurrent caller joins instead of running again.
   */
  awaitsShared(awaited: ts.Expression): boolean {
    const operand = skipOuter(ts.isAwaitExpression(awaited) ? awaited.expression : awaited);
    // `await import('mermaid')`: the module loader loads a module once and hands every importer the same promise
    if (ts.isCallExpression(operand) && operand.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
    const text = referenceText(operand);
    if (text !== undefined && text !== 'this' && this.isSharedChain(text, operand)) return true;
    // `await this.renew()` where `renew` returns `this.refreshWith(…)`, which returns the refresh in flight when there
    // is one: the call joins work every concurrent caller shares
    return ts.isCallExpression(operand) && this.#joinsInFlight(operand, 2);
  }

  /**
   * Whether a call of a function of this file hands back a promise kept in shared state when there is one
   * (`if (this.renewal) return this.renewal`), directly or through the call it returns, `depth` levels deep.
   */
  #joinsInFlight(call: ts.CallExpression, depth: number): boolean {
    if (depth === 0 || this.#inHelper) return false;
    const callee = calledFunction(call);
    if (callee?.body === undefined || !ts.isBlock(callee.body) || isWithin(call, callee)) return false;
    let joins = false;
    forEachInFunction(callee.body, (node) => {
      if (joins) return 'skip';
      if (!ts.isReturnStatement(node) || node.expression === undefined) return undefined;
      let returned = skipOuter(node.expression);
      // `return this.pending ?? (this.pending = start())`: the stored promise first
      if (
        ts.isBinaryExpression(returned) &&
        (returned.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          returned.operatorToken.kind === ts.SyntaxKind.BarBarToken)
      )
        returned = skipOuter(returned.left);
      const text = referenceText(returned);
      if (text !== undefined && text !== 'this' && this.isSharedChain(text, returned))
        joins = returned !== skipOuter(node.expression) || returnedWhenPresent(node, text);
      else if (ts.isCallExpression(returned)) joins = this.#joinsInFlight(returned, depth - 1);
      return undefined;
    });
    return joins;
  }

  /**
   * Slots a condition reads through the answer of a request made with them: `if (res.status === 401)` where
   * `const res = await fetch(url, { headers: { Authorization: this.token } })`. The answer says the value used is
   * stale; every call that used it gets the same answer, so the state written under it is written once per caller.
   */
  readsThroughAnswers(condition: ts.Expression, fn: FunctionLike): SlotRead[] {
    const reads: SlotRead[] = [];
    const seen = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (isFunctionLike(node)) return;
      if (ts.isIdentifier(node) && !seen.has(node.text)) {
        seen.add(node.text);
        const declaration = findDeclaration(node);
        const init =
          declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer
            ? skipOuter(declaration.initializer)
            : undefined;
        const request =
          init !== undefined && ts.isAwaitExpression(init) ? skipOuter(init.expression) : undefined;
        if (
          request !== undefined &&
          ts.isCallExpression(request) &&
          enclosingFunction(declaration as ts.Node) === fn &&
          this.slotRead(request) === undefined
        ) {
          for (const argument of request.arguments)
            for (const read of this.readsIn(argument, false))
              reads.push({ slot: read.slot, polarity: 0, answered: true });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(condition);
    return reads;
  }

  /**
   * Whether some code can change the slot (a generation counter, a status field), so that a check of it after an
   * `await` re-validates: an entry of a collection, or a chain whose last property is assigned somewhere in the file.
   * Configuration read again (`entry.options.transient`) re-validates nothing.
   */
  isMutable(slot: Slot): boolean {
    if (slot.id.includes('\u0000')) return true;
    this.#assigned ??= assignedNames(this.#sourceFile);
    const last = /([\w$#]+)\]?$/.exec(slot.text)?.[1];
    return last !== undefined && this.#assigned.has(last);
  }

  #assigned: Set<string> | undefined;

  /**
   * `this.pending = this.refresh().finally(…)`, `inflight.set(key, load(key))`: the call's promise is stored in shared
   * state, so callers that come later join it instead of running the call again.
   */
  storedInShared(call: ts.CallExpression): boolean {
    let node: ts.Node = call;
    for (;;) {
      const parent = skipOuterUp(node).parent;
      if (
        ts.isPropertyAccessExpression(parent) &&
        ts.isCallExpression(parent.parent) &&
        parent.parent.expression === parent &&
        ['then', 'catch', 'finally'].includes(parent.name.text)
      ) {
        node = parent.parent;
        continue;
      }
      // `pending = pending || load().then(…)`: the fallback of a claim is the claim
      if (
        ts.isBinaryExpression(parent) &&
        parent.right === skipOuterUp(node) &&
        (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
          parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
      ) {
        node = parent;
        continue;
      }
      if (
        ts.isBinaryExpression(parent) &&
        isAssignmentOperator(parent.operatorToken.kind) &&
        parent.right === skipOuterUp(node)
      ) {
        const text = referenceText(parent.left);
        return text !== undefined && this.isSharedChain(text, parent.left);
      }
      if (ts.isCallExpression(parent) && parent.arguments.includes(skipOuterUp(node) as ts.Expression)) {
        return this.writeOf(parent) !== undefined;
      }
      // `const pending = load().then(…); this.pending = pending;`: stored through a local
      if (
        ts.isVariableDeclaration(parent) &&
        parent.initializer === skipOuterUp(node) &&
        ts.isIdentifier(parent.name)
      ) {
        return this.#storesLocal(parent.name.text, enclosingFunction(parent));
      }
      return false;
    }
  }

  /** Whether the function stores the local in shared state: `this.pending = local`, `inflight.set(key, local)`. */
  #storesLocal(name: string, fn: FunctionLike | undefined): boolean {
    if (fn?.body === undefined) return false;
    let stored = false;
    forEachInFunction(fn.body, (node) => {
      if (stored) return 'skip';
      const value = (candidate: ts.Node | undefined): boolean =>
        candidate !== undefined &&
        ts.isIdentifier(skipOuter(candidate as ts.Expression)) &&
        (skipOuter(candidate as ts.Expression) as ts.Identifier).text === name;
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && value(node.right)) {
        const text = referenceText(node.left);
        stored = text !== undefined && this.isSharedChain(text, node.left);
      } else if (ts.isCallExpression(node) && node.arguments.some((argument) => value(argument))) {
        stored = this.writeOf(node) !== undefined;
      }
      return undefined;
    });
    return stored;
  }

  /**
   * Shared slots an async function called here writes after an `await` of its own: `this.refresh()` where `refresh`
   * stores `this.token` once the exchange resolves, `connect()` where `connect` sets the module's `client`. One level
   * deep, callees in the same file: the class's own methods (`this.m()`) and the module's functions.
   */
  writesThrough(call: ts.CallExpression, caller: FunctionLike): SlotWrite[] {
    const callee = calledFunction(call);
    if (callee === undefined || callee === caller || callee.body === undefined || !ts.isBlock(callee.body))
      return [];
    if (!isAsyncFunction(callee) || this.storedInShared(call)) return [];
    const awaited: ts.AwaitExpression[] = [];
    const assignments: ts.BinaryExpression[] = [];
    forEachInFunction(callee.body, (node) => {
      if (ts.isAwaitExpression(node) && !this.awaitsShared(node)) awaited.push(node);
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken)
        assignments.push(node);
    });
    const found: SlotWrite[] = [];
    const seen = new Set<string>();
    for (const assignment of assignments) {
      const text = referenceText(assignment.left);
      if (text === undefined || seen.has(text) || !this.#isShared(text, assignment.left)) continue;
      if (truthiness(assignment.right) === false) continue;
      if (!awaited.some((a) => completesBefore(a, assignment))) continue;
      // only a write every run makes: one under a condition of its own may not be the state the caller checked
      if (unconditionalBlock(assignment) !== callee.body) continue;
      seen.add(text);
      found.push({ slot: { text, id: text }, node: call, truthy: undefined, viaCall: true });
    }
    return found;
  }

  /** A node that reads a slot: a shared chain, `cache.has(key)` / `cache.get(key)`, or a local holding such a read. */
  slotRead(node: ts.Node): Slot | undefined {
    if (ts.isCallExpression(node)) return this.collectionSlot(node, slotReads) ?? this.#helperRead(node);
    if (
      !ts.isIdentifier(node) &&
      !ts.isPropertyAccessExpression(node) &&
      !ts.isElementAccessExpression(node)
    ) {
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) return undefined;
    if (ts.isElementAccessExpression(node.parent) && node.parent.expression === node) return undefined;
    if (ts.isCallExpression(node.parent) && node.parent.expression === node) return undefined;
    const text = referenceText(node);
    if (text === undefined) return undefined;
    if (this.isSharedChain(text, node)) return { text, id: text };
    // const hit = cache.get(key); if (hit) return hit;  /  const subscribers = this.byKey[key]; if (subscribers) …
    if (ts.isIdentifier(node)) {
      // `const token = await storage.getItem('token')`: an asynchronous store's value, read once into a local
      const stored = awaitedStoreRead(node);
      if (stored !== undefined) return this.collectionSlot(stored, storeReads);
      const init = localInitializer(node);
      if (init !== undefined && ts.isCallExpression(init))
        return this.collectionSlot(init, entryReads) ?? this.#helperRead(init);
      const aliased = init === undefined ? undefined : referenceText(init);
      if (aliased !== undefined && /[.[]/.test(aliased) && this.#isShared(aliased, init as ts.Expression)) {
        return { text: aliased, id: aliased };
      }
    }
    return undefined;
  }

  /** `x = …`, `x ??= …`, `cache.set(key, …)`, `seen.add(key)`, `cache.delete(key)`. */
  writeOf(node: ts.Node): SlotWrite | undefined {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
      const text = referenceText(node.left);
      if (text === undefined || !this.isSharedChain(text, node.left)) return undefined;
      const truthy =
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? truthiness(node.right) : undefined;
      return { slot: { text, id: text }, node, truthy };
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name === 'set' || name === 'add' || (name !== undefined && storeWrites.includes(name))) {
        const slot = this.collectionSlot(node, [name]);
        return slot === undefined ? undefined : { slot, node, truthy: true };
      }
      if (name === 'delete' || (name !== undefined && storeDeletes.includes(name))) {
        const slot = this.collectionSlot(node, [name]);
        return slot === undefined ? undefined : { slot, node, truthy: false };
      }
      return this.#helperWrite(node);
    }
    return undefined;
  }

  /** Set while a helper's body is read: helpers are followed one level deep. */
  #inHelper = false;

  /**
   * A call of a synchronous function of this file whose whole body returns a read of a slot: `this.isConnected(peer)`
   * where `isConnected(address) { return this.sockets.has(address) }`, `readToken()` where `readToken()` returns
   * `localStorage.getItem(KEY)`. The call reads that slot, the helper's parameters replaced by the call's arguments.
   */
  #helperRead(call: ts.CallExpression): Slot | undefined {
    const helper = this.#syncHelper(call);
    if (helper === undefined) return undefined;
    const returned = returnedExpression(helper);
    if (returned === undefined) return undefined;
    this.#inHelper = true;
    try {
      const reads = this.readsIn(returned, false);
      const only = reads.length === 1 ? reads[0] : undefined;
      return only === undefined ? undefined : this.#atCall(only.slot, helper, call);
    } finally {
      this.#inHelper = false;
    }
  }

  /**
   * A call of a synchronous function of this file that writes a slot on every run: `storeToken(token)` where
   * `storeToken(value) { localStorage.setItem(KEY, value) }`. The call is the write.
   */
  #helperWrite(call: ts.CallExpression): SlotWrite | undefined {
    const helper = this.#syncHelper(call);
    if (helper === undefined || helper.body === undefined || !ts.isBlock(helper.body)) return undefined;
    const body = helper.body;
    this.#inHelper = true;
    try {
      for (const statement of body.statements) {
        // `if (this.destroyed) return;` before the write: the helper checks for itself and does not write on every run.
        if (exits(statement)) return undefined;
        if (!ts.isExpressionStatement(statement)) continue;
        const write = this.writeOf(skipOuter(statement.expression));
        if (write === undefined) continue;
        const slot = this.#atCall(write.slot, helper, call);
        return slot === undefined ? undefined : { slot, node: call, truthy: write.truthy };
      }
      return undefined;
    } finally {
      this.#inHelper = false;
    }
  }

  /** The synchronous function of this file a call runs, when helpers may be followed here. */
  #syncHelper(call: ts.CallExpression): FunctionLike | undefined {
    if (this.#inHelper) return undefined;
    const helper = calledFunction(call);
    if (helper === undefined || helper.body === undefined || isAsyncFunction(helper)) return undefined;
    if (helper.getSourceFile() !== this.#sourceFile || isWithin(call, helper)) return undefined;
    return helper;
  }

  /**
   * A slot the helper names, as the caller sees it: a key that is one of the helper's parameters becomes the call's
   * argument; a collection reached through a parameter is not known here.
   */
  #atCall(slot: Slot, helper: FunctionLike, call: ts.CallExpression): Slot | undefined {
    const parameters = helper.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
    const [collection = '', key] = slot.id.split('\u0000');
    if (parameters.includes(collection.split(/[.[]/)[0] ?? '')) return undefined;
    if (key === undefined) return slot;
    const index = parameters.indexOf(key);
    if (index === -1) return slot;
    const argument = call.arguments[index];
    if (argument === undefined) return undefined;
    const keyText = normalizedText(argument, this.#sourceFile);
    return { text: `${collection}[${keyText}]`, id: `${collection}\u0000${keyText}` };
  }

  /** Whether the value a write stores toggles a fresh read of the slot: `x = !x`, `config.set(k, !config.get(k))`. */
  rereadBy(write: SlotWrite, slot: Slot): boolean {
    if (write.viaCall === true) return false;
    const node = write.node;
    const values: readonly ts.Node[] = ts.isBinaryExpression(node)
      ? [node.right]
      : ts.isCallExpression(node)
        ? node.arguments.slice(1)
        : [];
    // a local that holds an earlier read (`entries` of `const entries = cache.get(key)`) is the stale value itself
    // only a toggle counts (`!settings.get(key)`): a merge of the fresh value (`[...list, id]`) still repeats the work
    const fresh = (inner: ts.Node): boolean =>
      !(ts.isIdentifier(inner) && enclosingFunction(findDeclaration(inner) ?? inner) !== undefined) &&
      ts.isPrefixUnaryExpression(skipOuterUp(inner).parent) &&
      (skipOuterUp(inner).parent as ts.PrefixUnaryExpression).operator === ts.SyntaxKind.ExclamationToken;
    const visit = (inner: ts.Node): boolean =>
      !isFunctionLike(inner) &&
      ((fresh(inner) && this.slotRead(inner)?.id === slot.id) ||
        (ts.forEachChild(inner, (child) => visit(child) || undefined) ?? false));
    return values.some(visit);
  }

  /** Whether anything reads the slot between two positions (a re-check after the last await). */
  readsBetween(body: ts.Node, slot: Slot, from: number, to: number, write: ts.Node): boolean {
    let found = false;
    forEachInFunction(body, (node) => {
      if (found || node === write) return 'skip';
      const start = node.getStart();
      if (node.getEnd() <= from || start >= to) return 'skip';
      if (start >= from && this.#readsSlot(node, slot)) found = true;
      return undefined;
    });
    return found;
  }

  private collectionSlot(call: ts.CallExpression, methods: readonly string[]): Slot | undefined {
    const name = calleeName(call);
    const receiver = calleeReceiver(call);
    const key = call.arguments[0];
    if (name === undefined || !methods.includes(name) || receiver === undefined || key === undefined)
      return undefined;
    const collection = referenceText(receiver);
    if (collection === undefined || !this.isSharedChain(collection, receiver)) return undefined;
    const keyText = normalizedText(key, this.#sourceFile);
    return { text: `${collection}[${keyText}]`, id: `${collection}\u0000${keyText}` };
  }

  /** Shared state: a module variable or field, or a chain through a local that aliases a shared collection's entry. */
  private isSharedChain(text: string, at: ts.Node): boolean {
    if (this.#isShared(text, at)) return true;
    const rootText = text.split(/[.[]/)[0] ?? '';
    if (rootText === text) return false; // a local itself is not shared; only its properties can be
    const root = ts.isExpression(at) ? rootOfChain(at) : at;
    if (!ts.isIdentifier(root)) return false;
    const init = localInitializer(root);
    if (init === undefined) return false;
    // const entry = clients.get(id)  /  const state = this.states[key]
    if (ts.isCallExpression(init)) {
      const receiver = calleeReceiver(init);
      const receiverText = receiver === undefined ? undefined : referenceText(receiver);
      return (
        receiverText !== undefined &&
        entryReads.includes(calleeName(init) ?? '') &&
        this.#isShared(receiverText, receiver as ts.Node)
      );
    }
    const initText = referenceText(init);
    return initText !== undefined && initText.includes('.') && this.#isShared(initText, init);
  }
}

/** The last property name (or variable name) of every assignment target in the file: what some code changes. */
function assignedNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const add = (target: ts.Expression): void => {
    const node = skipOuter(target);
    if (ts.isIdentifier(node)) names.add(node.text);
    else if (ts.isPropertyAccessExpression(node)) names.add(node.name.text);
    else if (ts.isElementAccessExpression(node)) {
      const key = node.argumentExpression;
      if (ts.isStringLiteralLike(key)) names.add(key.text);
      else names.add(referenceText(key) ?? '');
    }
  };
  forEachDescendant(sourceFile, (node) => {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) add(node.left);
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      add(node.operand);
    }
    if (ts.isDeleteExpression(node)) add(node.expression);
    return undefined;
  });
  return names;
}

/** Whether every path through the statement returns or throws. */
function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && alwaysExits(last);
  }
  if (ts.isIfStatement(statement)) {
    return (
      statement.elseStatement !== undefined &&
      alwaysExits(statement.thenStatement) &&
      alwaysExits(statement.elseStatement)
    );
  }
  return false;
}

/**
 * Whether every call of `fn` in its file is claimed by its caller (its promise stored in shared state that later
 * callers join: `inflight.set(key, started)`), so that two runs of `fn` never overlap and its read-then-write cannot
 * race (see `calledOnlyThroughClaims`).
 */
export function claimedByEveryCaller(
  fn: FunctionLike,
  sourceFile: ts.SourceFile,
  isShared: (text: string, at: ts.Node) => boolean,
): boolean {
  return calledOnlyThroughClaims(fn, new SlotReader(sourceFile, isShared));
}

/**
 * A method (or function) whose every call in the file stores the call's promise in shared state before anything else
 * runs (`this.connectionLock = this._connect()`, guarded by `if (this.connectionLock) return this.connectionLock`):
 * its callers claim it, so two of its runs never overlap.
 */
function calledOnlyThroughClaims(fn: FunctionLike, slots: SlotReader): boolean {
  let name: string | undefined;
  let scope: ts.Node | undefined;
  if (ts.isMethodDeclaration(fn) && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) {
    name = fn.name.text;
    scope = fn.parent;
  } else if (ts.isFunctionDeclaration(fn) && fn.name !== undefined) {
    name = fn.name.text;
    scope = fn.getSourceFile();
  }
  if (name === undefined || scope === undefined) return false;
  let calls = 0;
  let unclaimed = false as boolean;
  forEachDescendant(scope, (node) => {
    if (unclaimed) return 'skip';
    if (!ts.isCallExpression(node) || calledFunction(node) !== fn) return undefined;
    calls += 1;
    if (!slots.storedInShared(node)) unclaimed = true;
    return undefined;
  });
  return calls > 0 && !unclaimed;
}

/** The function a call runs, when it is declared in the same file: `this.method()` of the caller's class, `helper()`. */
function calledFunction(call: ts.CallExpression): FunctionLike | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let cls: ts.Node = call.parent;
    while (!ts.isClassLike(cls)) {
      if (ts.isSourceFile(cls)) return undefined;
      cls = cls.parent;
    }
    for (const member of cls.members) {
      if (
        member.name === undefined ||
        (!ts.isIdentifier(member.name) && !ts.isPrivateIdentifier(member.name))
      )
        continue;
      if (member.name.text !== callee.name.text) continue;
      if (ts.isMethodDeclaration(member)) return member;
      if (ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
        const init = skipOuter(member.initializer);
        if (isFunctionLike(init)) return init;
      }
    }
    return undefined;
  }
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = findDeclaration(callee);
  if (declaration === undefined) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const init = skipOuter(declaration.initializer);
    if (isFunctionLike(init)) return init;
  }
  return undefined;
}

/**
 * `this.connection ??= await open()`, `cache[key] ||= await load(key)`: a shared slot checked and set in one
 * expression, with an `await` between the check and the set. The slot it races on, if any.
 */
function lazyAssignment(node: ts.Node, slots: SlotReader): Slot | undefined {
  if (!ts.isBinaryExpression(node)) return undefined;
  const operator = node.operatorToken.kind;
  if (operator !== ts.SyntaxKind.QuestionQuestionEqualsToken && operator !== ts.SyntaxKind.BarBarEqualsToken)
    return undefined;
  const text = referenceText(node.left);
  if (text === undefined || !slots.isSharedAt(text, node.left)) return undefined;
  let awaited: ts.AwaitExpression | undefined;
  const right = skipOuter(node.right);
  if (ts.isAwaitExpression(right)) awaited = right;
  else {
    forEachInFunction(node.right, (child) => {
      if (awaited !== undefined) return 'skip';
      if (ts.isAwaitExpression(child)) awaited = child;
      return undefined;
    });
  }
  if (awaited === undefined || slots.awaitsShared(awaited)) return undefined;
  return { text, id: text };
}

/** A local variable's initializer (without `await`): what the local aliases. */
function localInitializer(identifier: ts.Identifier): ts.Expression | undefined {
  const declaration = findDeclaration(identifier);
  if (
    declaration === undefined ||
    !ts.isVariableDeclaration(declaration) ||
    !ts.isIdentifier(declaration.name)
  ) {
    return undefined;
  }
  const init = declaration.initializer && skipOuter(declaration.initializer);
  return init === undefined || ts.isAwaitExpression(init) ? undefined : init;
}

/**
 * The condition tests the value itself (through `!`, `&&`, `||`, `??`, comparisons, parentheses), not a value passed
 * to a call (`isRetryable(error, this.cursor.wireVersion)` reads configuration of the held object, not its state).
 */
function testedDirectly(node: ts.Node, condition: ts.Expression): boolean {
  for (let current: ts.Node = node; current !== condition; current = current.parent) {
    const parent = current.parent;
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent) || isFunctionLike(parent)) return false;
  }
  return true;
}

/** How the condition's truth follows the slot's truthiness, through `!`, `&&`, `||` and comparisons with literals. */
function polarityOf(node: ts.Node, condition: ts.Expression): Polarity {
  let polarity: Polarity = 1;
  let current: ts.Node = node;
  while (current !== condition) {
    const parent: ts.Node = current.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isNonNullExpression(parent) || ts.isAsExpression(parent)) {
      // transparent
    } else if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) {
      polarity = -polarity as Polarity;
    } else if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
        // transparent for each operand
      } else if (
        operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
        operator === ts.SyntaxKind.EqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
        operator === ts.SyntaxKind.ExclamationEqualsToken
      ) {
        const other = skipOuter(parent.left === current ? parent.right : parent.left);
        const equal =
          operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken;
        let literal: boolean | undefined;
        if (other.kind === ts.SyntaxKind.TrueKeyword) literal = true;
        else if (negatingLiterals.has(other.kind) || (ts.isIdentifier(other) && other.text === 'undefined')) {
          literal = false;
        }
        if (literal === undefined) return 0;
        if (equal !== literal) polarity = -polarity as Polarity;
      } else {
        return 0;
      }
    } else {
      return 0;
    }
    current = parent;
  }
  return polarity;
}

/** Whether a written value is truthy: literals and object creations are known, anything else is not. */
function truthiness(value: ts.Expression): boolean | undefined {
  const node = skipOuter(value);
  switch (node.kind) {
    case ts.SyntaxKind.TrueKeyword:
      return true;
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return false;
    default:
      break;
  }
  if (ts.isIdentifier(node) && node.text === 'undefined') return false;
  if (ts.isVoidExpression(node)) return false;
  if (ts.isNumericLiteral(node)) return node.text !== '0';
  if (ts.isStringLiteralLike(node)) return node.text !== '';
  if (
    ts.isObjectLiteralExpression(node) ||
    ts.isArrayLiteralExpression(node) ||
    ts.isNewExpression(node) ||
    isFunctionLike(node)
  ) {
    return true;
  }
  // an awaited creation (`await connect()`) is the thing being initialised: a value, not a reset
  if (ts.isAwaitExpression(node)) return true;
  return undefined;
}
