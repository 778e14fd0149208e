import { describeValue } from '@awaitwise/core/internal/validate';
import ts from '../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  enclosingFunction,
  findDescendant,
  forEachDescendant,
  forEachInScope,
  isAssignmentOperator,
  isAsyncFunction,
  isFunctionScope,
  isValueReference,
  isWithin,
  referenceText,
  skipOuterExpressions,
  type FunctionWithBody,
} from '../analysis/r2-ast.js';
import { defineRule } from '../rule.js';

/** Reads that check whether a key exists or fetch its current value. */
const readName = /^(find(?!\w*And)\w*|get|exists\w*|count|countDocuments|has)$/;
/** Writes that create or change the value of a key. `upsert` is atomic and excluded. */
const writeName = /^(create\w*|insert\w*|save|set|update\w*|find\w*AndUpdate|replace\w*)$/;
/** In-memory style reads: their check-then-act is only a bug when the write uses the value read. */
const valueReads = new Set(['get', 'has']);

/** Code that serialises the section, or handles the duplicate a race produces. */
const protection =
  /\$transaction|transaction\s*\(|TransactionClient|\b(?:tx|trx|txn)\s*\.|withTransaction|startTransaction|beginTransaction|KeyedMutex|Mutex|\block\s*\(|Lock\s*\(|withLock|runExclusive|singleflight|acquire\s*\(|FOR UPDATE|forUpdate|lockForUpdate|pessimistic|\bsession\b|E11000|\b11000\b|P2002|23505|ER_DUP_ENTRY|SQLITE_CONSTRAINT|UniqueConstraint|[Dd]uplicate|unique constraint|isolationLevel|\bWATCH\b|\.watch\s*\(|\bmulti\s*\(/;

/** Argument names that are not keys. */
const notKeys = new Set([
  'options',
  'opts',
  'session',
  'ctx',
  'context',
  'tx',
  'trx',
  'config',
  'undefined',
  'this',
]);

/** Options of `check-then-act`. */
export interface CheckThenActOptions {
  /**
   * Also report lazy initialisation that awaits between its check and its write
   * (`if (!this.conn) this.conn = await connect()`): concurrent first calls all initialise. Off by default because on
   * real code most of these only repeat harmless work (a token fetched twice).
   * @default false
   */
  readonly lazyInit: boolean;
}

const defaults: CheckThenActOptions = { lazyInit: false };

interface Read {
  readonly call: ts.CallExpression;
  readonly awaited: ts.AwaitExpression;
  readonly name: string;
  readonly receiver: string;
  readonly keys: ReadonlySet<string>;
  /** Variables holding the read's result. */
  readonly results: ReadonlySet<string>;
}

/**
 * `check-then-act`: a read and a later write on the same key with an `await` between and no transaction, lock or
 * duplicate handling; shared state (module `let`, `this` fields) read before an `await` and written after it from the
 * stale value.
 */
export default defineRule({
  meta: {
    id: 'check-then-act',
    description:
      'Reports a read and a write of the same key (or shared state) with an `await` between: concurrent calls both pass the check.',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      keyRace:
        '`{{read}}` checks `{{key}}`, then `{{write}}` writes it after an `await`: two concurrent calls can both pass the ' +
        'check (a duplicate or a lost update under double submission). Serialize per key with `KeyedMutex` or ' +
        '`singleflight` from @awaitwise/core, use a transaction or a unique constraint, or `@awaitwise/redis` locks ' +
        'across servers.',
      lazyInit:
        '`{{target}}` is checked, then set after an `await`: concurrent first calls all pass the check and each runs ' +
        'the initialisation (a second connection, a duplicate request). Store the promise before awaiting, or use ' +
        '`lazy()` or `singleflight` from @awaitwise/core.',
      staleWrite:
        '`{{target}}` is read before an `await` and written after it from the value read: another call can change it ' +
        'in between and its update is lost. Re-read it after the `await`, update it in one step, or serialize with a ' +
        '`Mutex` from @awaitwise/core.',
    },
  },
  defaultOptions: defaults,
  validateOptions: (raw) => {
    const { lazyInit = false, ...rest } = raw;
    const unknown = Object.keys(rest)[0];
    if (unknown !== undefined) {
      throw new TypeError(`Unknown option \`${unknown}\` of check-then-act. Known options: lazyInit.`);
    }
    if (typeof lazyInit !== 'boolean') {
      throw new TypeError(`Expected \`lazyInit\` to be a boolean, got ${describeValue(lazyInit)}.`);
    }
    return { lazyInit };
  },
  create(context) {
    const check = (node: ts.Node): void => {
      const fn = node as FunctionWithBody;
      if (!isAsyncFunction(fn) || fn.body === undefined) return;
      const races = keyRaces(fn);
      const stale = ts.isConstructorDeclaration(fn)
        ? []
        : staleWrites(fn, context.sourceFile, context.options.lazyInit);
      // The protection test reads the function's text: only pay for it when there is something to report.
      if ((races.length === 0 && stale.length === 0) || protection.test(protectionText(fn))) return;
      for (const finding of races) {
        context.report({
          node: finding.write,
          messageId: 'keyRace',
          data: { read: finding.read.name, write: calleeName(finding.write) ?? 'write', key: finding.key },
        });
      }
      for (const finding of stale) {
        context.report({ node: finding.node, messageId: finding.kind, data: { target: finding.target } });
      }
    };
    return {
      [ts.SyntaxKind.ArrowFunction]: check,
      [ts.SyntaxKind.FunctionExpression]: check,
      [ts.SyntaxKind.FunctionDeclaration]: check,
      [ts.SyntaxKind.MethodDeclaration]: check,
    };
  },
});

/** The function's text and that of the functions around it (a transaction callback protects what it encloses). */
function protectionText(fn: FunctionWithBody): string {
  let text = fn.getText();
  for (let current: ts.Node = fn; !ts.isSourceFile(current);) {
    const outer = enclosingFunction(current);
    if (ts.isSourceFile(outer)) break;
    text += '\n' + outer.getText();
    current = outer;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Part 1: read then write on the same key

interface KeyRace {
  readonly read: Read;
  readonly write: ts.CallExpression;
  readonly key: string;
}

function keyRaces(fn: FunctionWithBody): KeyRace[] {
  const body = fn.body as ts.Node;
  const reads: Read[] = [];
  const writes: ts.CallExpression[] = [];
  forEachInScope(body, (node) => {
    if (ts.isAwaitExpression(node)) {
      const read = readOf(node);
      if (read !== undefined) reads.push(read);
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      if (name !== undefined && writeName.test(name)) writes.push(node);
    }
  });
  const races: KeyRace[] = [];
  const reported = new Set<ts.CallExpression>();
  for (const read of reads) {
    for (const write of writes) {
      if (reported.has(write) || write.getStart() < read.awaited.getEnd()) continue;
      const writeName = calleeName(write) ?? '';
      if (!sameTarget(read, write, writeName)) continue;
      const key = sharedKey(read, write, fn);
      if (key === undefined) continue;
      // A lost update: the write stores arithmetic on the value read (`balance - amount`, `count + 1`), directly
      // or through a local computed from it (`const next = current + 1; … set(key, String(next))`).
      const lostUpdate =
        computesFrom(write, read.results) || mentionsComputed(write, computedFrom(fn, read, write));
      // A duplicate: a create/insert/save under a check of the read's result. A guarded update only fails if the
      // row went away, and in-memory style get/set only repeat work, so those count only as lost updates.
      const duplicates = /^(create|insert|save)/.test(writeName) && !valueReads.has(read.name);
      if (!lostUpdate && !(duplicates && isGuardedBy(write, read, fn))) continue;
      reported.add(write);
      races.push({ read, write, key });
    }
  }
  return races;
}

function readOf(awaited: ts.AwaitExpression): Read | undefined {
  const operand = skipOuterExpressions(awaited.expression);
  if (!ts.isCallExpression(operand)) return undefined;
  const name = calleeName(operand);
  if (name === undefined || !readName.test(name)) return undefined;
  const receiverNode = calleeReceiver(operand);
  const receiver = receiverNode === undefined ? '' : referenceText(receiverNode);
  if (receiver === undefined) return undefined;
  // The key is what the read looks up: its first argument (a filter, an id), never its options.
  const keys = keysOf(operand.arguments.slice(0, 1));
  if (keys.size === 0) return undefined;
  return { call: operand, awaited, name, receiver, keys, results: resultNames(awaited) };
}

/** Calls that only convert the value read: `Number(await cache.get(key))` still holds the value. */
const conversions = /^(Number|parseInt|parseFloat|String|BigInt|parse)$/;

/**
 * `const user = await …`, `const [row] = await …`, `user = await …`, and the same through conversions and defaults:
 * `const n = Number((await cache.get(key)) ?? '0')`.
 */
function resultNames(awaited: ts.AwaitExpression): Set<string> {
  const names = new Set<string>();
  let node: ts.Node = awaited;
  for (;;) {
    const parent = node.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      (ts.isBinaryExpression(parent) &&
        parent.left === node &&
        (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) ||
      (ts.isCallExpression(parent) &&
        parent.arguments[0] === node &&
        conversions.test(calleeName(parent) ?? '') &&
        (calleeReceiver(parent) === undefined ||
          referenceText(calleeReceiver(parent) as ts.Expression) === 'JSON'))
    ) {
      node = parent;
      continue;
    }
    break;
  }
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) {
    const collect = (name: ts.BindingName): void => {
      if (ts.isIdentifier(name)) names.add(name.text);
      else for (const element of name.elements) if (ts.isBindingElement(element)) collect(element.name);
    };
    collect(parent.name);
  } else if (
    ts.isBinaryExpression(parent) &&
    parent.right === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    const target = referenceText(parent.left);
    if (target !== undefined) names.add(target);
  }
  return names;
}

/** Identifier and property-chain texts used as values in the arguments (object literals searched deeply). */
function keysOf(args: readonly ts.Node[]): Set<string> {
  const keys = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isShorthandPropertyAssignment(node)) {
      if (!notKeys.has(node.name.text)) keys.add(node.name.text);
      return;
    }
    if (ts.isPropertyAccessExpression(node) || ts.isIdentifier(node) || ts.isElementAccessExpression(node)) {
      if (ts.isIdentifier(node) && !isValueReference(node)) return;
      const text = referenceText(node);
      if (text !== undefined) {
        if (!notKeys.has(text) && !text.startsWith('this.') && text !== 'this') keys.add(text);
        return;
      }
    }
    if (isFunctionScope(node)) return;
    ts.forEachChild(node, visit);
  };
  for (const arg of args) visit(arg);
  return keys;
}

function sameTarget(read: Read, write: ts.CallExpression, writeName: string): boolean {
  const receiverNode = calleeReceiver(write);
  const receiver = receiverNode === undefined ? '' : referenceText(receiverNode);
  if (receiver === undefined || receiver !== read.receiver) return false;
  if (receiver !== '') return true;
  // Plain functions: findUser → createUser on the same entity.
  return entity(read.name) !== '' && entity(read.name) === entity(writeName);
}

function entity(name: string): string {
  return name
    .replace(/^(find|get|exists|count|has|create|insert|save|set|update)(One|Many|First|Unique)?/, '')
    .replace(/By\w*$/, '')
    .toLowerCase();
}

function sharedKey(read: Read, write: ts.CallExpression, fn: FunctionWithBody): string | undefined {
  const writeKeys = keysOf(write.arguments);
  // insert(order) where `const order = { idempotencyKey, … }` in the same function
  for (const argument of write.arguments) {
    const literal = ts.isIdentifier(argument) ? localObjectLiteral(fn, argument.text) : undefined;
    if (literal !== undefined) for (const key of keysOf([literal])) writeKeys.add(key);
  }
  for (const key of read.keys) if (writeKeys.has(key)) return key;
  return undefined;
}

function localObjectLiteral(fn: FunctionWithBody, name: string): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  forEachInScope(fn.body as ts.Node, (node) => {
    if (found !== undefined) return true;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      const init = node.initializer && skipOuterExpressions(node.initializer);
      if (init !== undefined && ts.isObjectLiteralExpression(init)) found = init;
    }
    return undefined;
  });
  return found;
}

/** The write sits under an `if` on the read's result, or after an `if` on it that returns or throws. */
function isGuardedBy(write: ts.CallExpression, read: Read, fn: FunctionWithBody): boolean {
  const mentionsRead = (node: ts.Node): boolean =>
    mentionsAny(node, read.results) || isWithin(read.awaited, node);
  for (
    let current = write.parent as ts.Node | undefined;
    current !== undefined && current !== fn;
    current = current.parent
  ) {
    if (ts.isIfStatement(current) && mentionsRead(current.expression)) return true;
    if (ts.isConditionalExpression(current) && mentionsRead(current.condition)) return true;
  }
  let guarded = false;
  forEachInScope(fn.body as ts.Node, (node) => {
    if (guarded) return true;
    if (
      ts.isIfStatement(node) &&
      node.getStart() > read.call.getStart() &&
      node.getEnd() < write.getStart() &&
      mentionsRead(node.expression) &&
      exits(node.thenStatement)
    ) {
      guarded = true;
    }
    return undefined;
  });
  return guarded;
}

/** Whether the call's arguments hold arithmetic (`+ - * / %`) on one of the names: a value computed from the read. */
function computesFrom(call: ts.CallExpression, names: ReadonlySet<string>): boolean {
  return call.arguments.some((argument) => hasArithmeticOn(argument, names));
}

const arithmetic = new Set([
  ts.SyntaxKind.PlusToken,
  ts.SyntaxKind.MinusToken,
  ts.SyntaxKind.AsteriskToken,
  ts.SyntaxKind.SlashToken,
  ts.SyntaxKind.PercentToken,
]);

/** Whether `root` holds arithmetic (`+ - * / %`) with one of the names as an operand (or inside one). */
function hasArithmeticOn(root: ts.Node, names: ReadonlySet<string>): boolean {
  const rootsOf = (node: ts.Node): boolean =>
    findDescendant(node, (child) => {
      if (!ts.isIdentifier(child) || !isValueReference(child)) return false;
      return names.has(child.text);
    }) !== undefined ||
    (ts.isIdentifier(node) && names.has(node.text));
  const isArithmetic = (node: ts.Node): boolean =>
    ts.isBinaryExpression(node) &&
    arithmetic.has(node.operatorToken.kind) &&
    (rootsOf(node.left) || rootsOf(node.right));
  return isArithmetic(root) || findDescendant(root, isArithmetic) !== undefined;
}

/**
 * Locals declared between the read and the write whose initializer does arithmetic on the value read, or on such a
 * local: `const next = current + 1`.
 */
function computedFrom(fn: FunctionWithBody, read: Read, write: ts.CallExpression): Set<string> {
  const computed = new Set<string>();
  if (read.results.size === 0) return computed;
  const sources = new Set(read.results);
  forEachInScope(fn.body as ts.Node, (node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer !== undefined &&
      node.getStart() > read.awaited.getEnd() &&
      node.getEnd() < write.getStart() &&
      hasArithmeticOn(node.initializer, sources)
    ) {
      computed.add(node.name.text);
      sources.add(node.name.text);
    }
    return undefined;
  });
  return computed;
}

function mentionsComputed(write: ts.CallExpression, computed: ReadonlySet<string>): boolean {
  return write.arguments.some((argument) => mentionsAny(argument, computed));
}

function exits(statement: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionScope(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function mentionsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found) return;
    if (
      (ts.isIdentifier(child) || ts.isPropertyAccessExpression(child)) &&
      (!ts.isIdentifier(child) || isValueReference(child))
    ) {
      const text = referenceText(child);
      if (text !== undefined && names.has(text)) {
        found = true;
        return;
      }
    }
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Part 2: shared state read before an await and written after it

interface StaleWrite {
  readonly node: ts.Node;
  readonly target: string;
  readonly kind: 'staleWrite' | 'lazyInit';
}

function staleWrites(fn: FunctionWithBody, sourceFile: ts.SourceFile, lazyInit: boolean): StaleWrite[] {
  const body = fn.body;
  if (body === undefined) return [];
  const moduleState = moduleVariables(sourceFile);
  const inClass = ts.isMethodDeclaration(fn) || isClassMemberArrow(fn);
  const isShared = (text: string): boolean => {
    const root = text.split(/[.[]/)[0] ?? '';
    if (root === 'this') return inClass && text !== 'this';
    return moduleState.has(root) && !isShadowed(root, fn);
  };
  const awaits: number[] = [];
  forEachInScope(body, (node) => {
    if (ts.isAwaitExpression(node)) awaits.push(node.getEnd());
  });
  if (awaits.length === 0) return [];

  const found: StaleWrite[] = [];
  const snapshots = new Map<string, { target: string; at: number }>(); // local name → shared target it copied
  forEachInScope(body, (node) => {
    // const n = this.count;  (a snapshot of shared state)
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      const init = skipOuterExpressions(node.initializer);
      const text = referenceText(init);
      if (text !== undefined && isShared(text) && !containsAwait(init)) {
        snapshots.set(node.name.text, { target: text, at: node.getEnd() });
      }
      return undefined;
    }
    if (!ts.isBinaryExpression(node) || !isAssignmentOperator(node.operatorToken.kind)) return undefined;
    const target = referenceText(node.left);
    if (target === undefined || !isShared(target)) return undefined;
    const operator = node.operatorToken.kind;
    const awaitInRight = firstAwait(node.right);
    // this.total += await f()   /   this.total = this.total + await f()
    if (awaitInRight !== undefined) {
      const compound =
        operator !== ts.SyntaxKind.EqualsToken &&
        operator !== ts.SyntaxKind.QuestionQuestionEqualsToken &&
        operator !== ts.SyntaxKind.BarBarEqualsToken &&
        operator !== ts.SyntaxKind.AmpersandAmpersandEqualsToken;
      if (compound || readsBefore(node.right, target, awaitInRight.getStart())) {
        found.push({ node, target, kind: 'staleWrite' });
        return undefined;
      }
    }
    // const n = this.count; await …; this.count = n + 1;
    for (const [local, snapshot] of snapshots) {
      if (snapshot.target !== target || !mentionsAny(node.right, new Set([local]))) continue;
      const between = awaits.some((end) => end > snapshot.at && end <= node.getStart());
      if (
        between &&
        !reReadAfterLastAwait(body, target, awaits, node) &&
        !guardedAfterLastAwait(body, awaits, node)
      ) {
        found.push({ node, target, kind: 'staleWrite' });
        return undefined;
      }
    }
    // if (!this.client) { this.client = await connect(); }
    if (lazyInit && isLazyInitRace(node, target, isShared)) found.push({ node, target, kind: 'lazyInit' });
    return undefined;
  });
  return found;
}

function isClassMemberArrow(fn: FunctionWithBody): boolean {
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent);
}

/** Module-level `let`/`var` variables and `const` objects or arrays (mutable shared state). */
function moduleVariables(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const init = declaration.initializer && skipOuterExpressions(declaration.initializer);
      if (
        !isConst ||
        (init !== undefined && (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init)))
      ) {
        names.add(declaration.name.text);
      }
    }
  }
  return names;
}

function isShadowed(name: string, fn: FunctionWithBody): boolean {
  for (let current: ts.Node = fn; !ts.isSourceFile(current); current = current.parent) {
    if (
      isFunctionScope(current) &&
      current.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)
    ) {
      return true;
    }
  }
  let shadowed = false;
  forEachDescendant(fn, (node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name)
      shadowed = true;
    return shadowed;
  });
  return shadowed;
}

function containsAwait(node: ts.Node): boolean {
  return firstAwait(node) !== undefined;
}

function firstAwait(node: ts.Node): ts.AwaitExpression | undefined {
  if (ts.isAwaitExpression(node)) return node;
  let found: ts.AwaitExpression | undefined;
  forEachInScope(node, (child) => {
    if (found !== undefined) return true;
    if (ts.isAwaitExpression(child)) found = child;
    return undefined;
  });
  return found;
}

/** The right-hand side reads `target` before its first await: `x = x + await f()`. */
function readsBefore(right: ts.Node, target: string, awaitStart: number): boolean {
  let reads = false;
  forEachDescendant(right, (node) => {
    if (reads) return true;
    if (node.getStart() >= awaitStart) return undefined;
    if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && referenceText(node) === target) {
      if (!ts.isIdentifier(node) || isValueReference(node)) reads = true;
    }
    return undefined;
  });
  return reads;
}

/** Whether `target` is read again between the last await before `write` and the write itself. */
function reReadAfterLastAwait(
  body: ts.Node,
  target: string,
  awaits: readonly number[],
  write: ts.BinaryExpression,
): boolean {
  const last = Math.max(...awaits.filter((end) => end <= write.getStart()));
  let reread = false;
  forEachInScope(body, (node) => {
    if (reread) return true;
    const start = node.getStart();
    if (start < last || start >= write.getStart()) return undefined;
    if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && referenceText(node) === target)
      reread = true;
    return undefined;
  });
  return reread;
}

/** An `if (…) return`/`throw` between the last await and the write: the code re-validates after waiting. */
function guardedAfterLastAwait(
  body: ts.Node,
  awaits: readonly number[],
  write: ts.BinaryExpression,
): boolean {
  const last = Math.max(...awaits.filter((end) => end <= write.getStart()));
  let guarded = false;
  forEachInScope(body, (node) => {
    if (guarded) return true;
    if (
      ts.isIfStatement(node) &&
      node.getStart() >= last &&
      node.getEnd() <= write.getStart() &&
      exits(node.thenStatement)
    ) {
      guarded = true;
    }
    return undefined;
  });
  return guarded;
}

/**
 * `if (!this.client) { this.client = await connect(); }`: the write sits in an `if` that checked the same shared
 * state, an `await` comes between, and nothing claimed the state synchronously (`this.connecting = true`) or checked
 * it again after the await.
 */
function isLazyInitRace(
  write: ts.BinaryExpression,
  target: string,
  isShared: (text: string) => boolean,
): boolean {
  if (write.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  for (let current = write.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if (isFunctionScope(current)) return false;
    if (!ts.isIfStatement(current) || !isWithin(write, current.thenStatement)) continue;
    if (!readsTarget(current.expression, target) || !isShared(target)) continue;
    const awaitBefore = firstAwaitBetween(
      current.thenStatement,
      current.thenStatement.getStart(),
      write.getEnd(),
      write,
    );
    if (awaitBefore === undefined) return false;
    const claimed = writesTargetBetween(
      current.thenStatement,
      target,
      current.thenStatement.getStart(),
      awaitBefore.getStart(),
      write,
    );
    if (claimed) return false;
    const rechecked = readsTargetBetween(
      current.thenStatement,
      target,
      awaitBefore.getEnd(),
      write.getStart(),
    );
    return !rechecked;
  }
  return false;
}

function readsTarget(node: ts.Node, target: string): boolean {
  let found = referenceText(node as ts.Expression) === target;
  forEachDescendant(node, (child) => {
    if (found) return true;
    if ((ts.isPropertyAccessExpression(child) || ts.isIdentifier(child)) && referenceText(child) === target)
      found = true;
    return undefined;
  });
  return found;
}

function firstAwaitBetween(
  root: ts.Node,
  from: number,
  to: number,
  write: ts.BinaryExpression,
): ts.AwaitExpression | undefined {
  let found: ts.AwaitExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined || isFunctionScope(node)) return;
    if (ts.isAwaitExpression(node) && node.getStart() >= from && node.getEnd() <= to) {
      // the await must complete before the write happens: in the write's right side or a statement before it
      if (isWithin(node, write.right) || node.getEnd() <= write.getStart()) {
        found = node;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function writesTargetBetween(
  root: ts.Node,
  target: string,
  from: number,
  to: number,
  except: ts.Node,
): boolean {
  let found = false;
  forEachInScope(root, (node) => {
    if (found) return true;
    if (
      node !== except &&
      ts.isBinaryExpression(node) &&
      isAssignmentOperator(node.operatorToken.kind) &&
      referenceText(node.left) === target &&
      node.getStart() >= from &&
      node.getStart() < to
    ) {
      found = true;
    }
    return undefined;
  });
  return found;
}

function readsTargetBetween(root: ts.Node, target: string, from: number, to: number): boolean {
  let found = false;
  forEachInScope(root, (node) => {
    if (found) return true;
    const start = node.getStart();
    if (start < from || start >= to) return undefined;
    if ((ts.isPropertyAccessExpression(node) || ts.isIdentifier(node)) && referenceText(node) === target)
      found = true;
    return undefined;
  });
  return found;
}
