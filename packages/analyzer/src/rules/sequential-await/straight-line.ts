/**
 * `sequential-await` in straight-line code: `const a = await f(x); const b = await g(x);` where `g(x)` does not use
 * `a`, and both results are then used together (`return { a, b }`, `render(a, b)`): two independent lookups joined
 * afterwards, each waiting for the other. Destructuring (`const { data } = await f()`) and property access
 * (`const rows = (await query()).rows`) bind results too.
 *
 * Kept narrow on purpose: only adjacent declarations, only calls (an awaited variable is already running), never
 * when either is a call whose order is the point or one that changes state (`create…`, `update…`, `upload…`: validate
 * then write, write then read back), or when both act on the same receiver with the same argument (one resource).
 *
 * @module
 */
import ts from '../../typescript.cjs';
import {
  calleeName,
  calleeReceiver,
  isPromiseStatic,
  normalizedText,
  skipOuter,
} from '../../analysis/syntax/expressions.js';
import { isFunctionLike } from '../../analysis/syntax/functions.js';
import { boundNames } from '../../analysis/syntax/scope.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';
import { mentions } from './data-flow.js';
import { hasOrderedCall } from './ordering.js';

/** One `const x = await call()` statement. */
interface AwaitedDeclaration {
  readonly statement: ts.VariableStatement;
  readonly awaited: ts.AwaitExpression;
  readonly call: ts.CallExpression | ts.NewExpression;
  readonly names: ReadonlySet<string>;
}

/** A pair of adjacent independent awaits: `second` could have started with `first`. */
export interface IndependentPair {
  readonly first: AwaitedDeclaration;
  readonly second: AwaitedDeclaration;
}

/**
 * The independent adjacent await declarations among `statements` whose results are used together later in them.
 *
 * @example
 * ```ts
 * for (const { first, second } of independentPairs(block.statements)) context.report({ node: second.awaited, … });
 * ```
 */
export function independentPairs(statements: readonly ts.Statement[]): IndependentPair[] {
  const pairs: IndependentPair[] = [];
  for (let index = 0; index + 1 < statements.length; index++) {
    const first = awaitedDeclaration(statements[index]);
    const second = first === undefined ? undefined : awaitedDeclaration(statements[index + 1]);
    if (first === undefined || second === undefined) continue;
    if (mentions(second.awaited.expression, first.names)) continue;
    if (hasOrderedCall(first.call, new Set()) || hasOrderedCall(second.call, new Set())) continue;
    if (sameResource(first.call, second.call)) continue;
    if (changesState(first.call) || changesState(second.call)) continue;
    if (!usedTogether(statements.slice(index + 2), first.names, second.names)) continue;
    pairs.push({ first, second });
  }
  return pairs;
}

/** `const a = await f()`, `const { a } = await f()`, `const a = (await f()).data`: one declaration of a call's result. */
function awaitedDeclaration(statement: ts.Statement | undefined): AwaitedDeclaration | undefined {
  if (statement === undefined || !ts.isVariableStatement(statement)) return undefined;
  const [declaration, ...rest] = statement.declarationList.declarations;
  if (declaration === undefined || rest.length > 0 || declaration.initializer === undefined) return undefined;
  let value = skipOuter(declaration.initializer);
  while (ts.isPropertyAccessExpression(value) || ts.isElementAccessExpression(value))
    value = skipOuter(value.expression);
  if (!ts.isAwaitExpression(value)) return undefined;
  const call = skipOuter(value.expression);
  if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return undefined;
  if (ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.ImportKeyword) return undefined;
  if (isPromiseStatic(call, ['all', 'allSettled', 'any', 'race'])) return undefined;
  if (ts.isCallExpression(call) && calleeName(call) === 'then') return undefined;
  return { statement, awaited: value, call, names: new Set(boundNames(declaration.name)) };
}

/**
 * Verbs of calls that change something (a row, a file, a remote resource). Next to another await, such a call is
 * usually ordered on purpose: validate, then write; write, then read back.
 */
const stateChange =
  /^(create|insert|update|upsert|delete|destroy|remove|save|set|put|post|patch|send|write|add|publish|emit|upload|move|copy|rename|mkdir|rm|unlink|register|increment|decrement|store|persist|commit|apply|sync)/i;

function changesState(call: ts.CallExpression | ts.NewExpression): boolean {
  return stateChange.test(calleeName(call) ?? '');
}

/** Both calls act on the same receiver with the same argument: one resource, changed in order (create, then update). */
function sameResource(
  first: ts.CallExpression | ts.NewExpression,
  second: ts.CallExpression | ts.NewExpression,
): boolean {
  if (!ts.isCallExpression(first) || !ts.isCallExpression(second)) return false;
  const sourceFile = first.getSourceFile();
  const a = calleeReceiver(first);
  const b = calleeReceiver(second);
  if (a === undefined || b === undefined) return false;
  if (normalizedText(a, sourceFile) !== normalizedText(b, sourceFile)) return false;
  const texts = new Set(first.arguments.map((argument) => normalizedText(argument, sourceFile)));
  return second.arguments.some((argument) => texts.has(normalizedText(argument, sourceFile)));
}

/** A later simple statement (expression, return, declaration) reads a name of each of the two sets. */
function usedTogether(
  statements: readonly ts.Statement[],
  firstNames: ReadonlySet<string>,
  secondNames: ReadonlySet<string>,
): boolean {
  const together = (node: ts.Node): boolean => mentions(node, firstNames) && mentions(node, secondNames);
  return statements.some((statement) => {
    if (isSimpleStatement(statement)) return together(statement);
    let found = false;
    forEachDescendant(statement, (node) => {
      if (found || isFunctionLike(node)) return 'skip';
      if (isSimpleStatement(node)) {
        found = together(node);
        return 'skip';
      }
      return undefined;
    });
    return found;
  });
}

function isSimpleStatement(node: ts.Node): boolean {
  return ts.isExpressionStatement(node) || ts.isReturnStatement(node) || ts.isVariableStatement(node);
}
