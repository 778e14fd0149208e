/**
 * `check-then-act`, first detector: a read of a key (`findUnique`, `get`, `exists` …), an `await`, then a write of the
 * same key (`create`, `set`, `update` …) decided by what was read, with nothing that serialises the section.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, referenceText, skipOuter } from '../../analysis/syntax/expressions.js';
import { type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { isValueReference } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';

/** Reads that check whether a key exists or fetch its current value. */
const readName = /^(find(?!\w*And)\w*|get|exists\w*|count|countDocuments|has)$/;
/** Writes that create or change the value of a key. `upsert` is atomic and excluded. */
const writeName = /^(create\w*|insert\w*|save|set|update\w*|find\w*AndUpdate|replace\w*)$/;
/** In-memory style reads: their check-then-act is only a bug when the write uses the value read. */
const valueReads = new Set(['get', 'has']);

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

interface Read {
  readonly call: ts.CallExpression;
  readonly awaited: ts.AwaitExpression;
  readonly name: string;
  readonly receiver: string;
  readonly keys: ReadonlySet<string>;
  /** Variables holding the read's result. */
  readonly results: ReadonlySet<string>;
}

interface KeyRace {
  readonly read: Read;
  readonly write: ts.CallExpression;
  readonly key: string;
}

export function keyRaces(fn: FunctionLike): KeyRace[] {
  const body = fn.body as ts.Node;
  const reads: Read[] = [];
  const writes: ts.CallExpression[] = [];
  forEachInFunction(body, (node) => {
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
  const operand = skipOuter(awaited.expression);
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
    if (isFunctionLike(node)) return;
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

function sharedKey(read: Read, write: ts.CallExpression, fn: FunctionLike): string | undefined {
  const writeKeys = keysOf(write.arguments);
  // insert(order) where `const order = { idempotencyKey, … }` in the same function
  for (const argument of write.arguments) {
    const literal = ts.isIdentifier(argument) ? localObjectLiteral(fn, argument.text) : undefined;
    if (literal !== undefined) for (const key of keysOf([literal])) writeKeys.add(key);
  }
  for (const key of read.keys) if (writeKeys.has(key)) return key;
  return undefined;
}

function localObjectLiteral(fn: FunctionLike, name: string): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  forEachInFunction(fn.body as ts.Node, (node) => {
    if (found !== undefined) return 'skip';
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      const init = node.initializer && skipOuter(node.initializer);
      if (init !== undefined && ts.isObjectLiteralExpression(init)) found = init;
    }
    return undefined;
  });
  return found;
}

/** The write sits under an `if` on the read's result, or after an `if` on it that returns or throws. */
function isGuardedBy(write: ts.CallExpression, read: Read, fn: FunctionLike): boolean {
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
  forEachInFunction(fn.body as ts.Node, (node) => {
    if (guarded) return 'skip';
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
function computedFrom(fn: FunctionLike, read: Read, write: ts.CallExpression): Set<string> {
  const computed = new Set<string>();
  if (read.results.size === 0) return computed;
  const sources = new Set(read.results);
  forEachInFunction(fn.body as ts.Node, (node) => {
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

export function exits(statement: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

export function mentionsAny(node: ts.Node, names: ReadonlySet<string>): boolean {
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
