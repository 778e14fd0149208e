/**
 * `check-then-act`, fifth detector: React state used by an async handler. A handler closes over the state of the
 * render it was created in, so
 *
 * - a set computed from that state after an `await` (`setLinks(links.map(…))`, directly or through a helper of the
 *   component) writes back a snapshot: whatever changed meanwhile, this handler's own earlier set included, is lost;
 * - a busy check on that state (`if (submitting) return; setSubmitting(true); await send()`) does not see the claim
 *   until React renders again: a second click in between passes the check and submits twice.
 *
 * The fixes are left alone: the updater form (`setLinks((current) => …)`) and a ref read and set synchronously.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { calleeName, calleeReceiver, skipOuter } from '../../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isAsyncFunction,
  isFunctionLike,
} from '../../analysis/syntax/functions.js';
import { findDeclaration, importSource, isValueReference } from '../../analysis/syntax/scope.js';
import { findDescendant, forEachInFunction, isWithin } from '../../analysis/syntax/walk.js';
import { exits } from './key-race.js';

/** A React state race in an async handler. */
export interface RenderStateRace {
  readonly node: ts.Node;
  readonly target: string;
  /** `stale`: a set from the render's snapshot after an await; `check`: a busy check the set does not close. */
  readonly kind: 'stale' | 'check';
}

/** `const [value, setValue] = useState(…)` of React: the state's name and its setter's. */
interface StatePair {
  readonly value: string;
  readonly setter: string;
}

/** Races on React state in `fn`, an async function declared inside a component or hook that holds the state. */
export function renderStateRaces(fn: FunctionLike): RenderStateRace[] {
  if (!isAsyncFunction(fn) || fn.body === undefined) return [];
  const pairs = new Map<string, StatePair>();
  const helpers = new Map<string, FunctionLike>();
  for (let owner = enclosingFunction(fn); owner !== undefined; owner = enclosingFunction(owner)) {
    if (owner.body === undefined) continue;
    forEachInFunction(owner.body, (node) => {
      if (!ts.isVariableDeclaration(node) || node.initializer === undefined) return undefined;
      const init = skipOuter(node.initializer);
      if (ts.isArrayBindingPattern(node.name) && ts.isCallExpression(init) && isReactUseState(init)) {
        const [value, setter] = node.name.elements;
        if (
          value !== undefined &&
          setter !== undefined &&
          ts.isBindingElement(value) &&
          ts.isBindingElement(setter) &&
          ts.isIdentifier(value.name) &&
          ts.isIdentifier(setter.name)
        ) {
          pairs.set(setter.name.text, { value: value.name.text, setter: setter.name.text });
        }
      } else if (ts.isIdentifier(node.name) && isFunctionLike(init) && !isAsyncFunction(init)) {
        helpers.set(node.name.text, init);
      }
      return undefined;
    });
  }
  if (pairs.size === 0) return [];
  const awaits: ts.AwaitExpression[] = [];
  forEachInFunction(fn.body, (node) => {
    if (ts.isAwaitExpression(node)) awaits.push(node);
  });
  if (awaits.length === 0) return [];
  // the call runs after an await that ends before it, or that is in its own arguments (`patch(await lookup())`)
  const after = (node: ts.Node): boolean =>
    awaits.some((a) => a.getEnd() <= node.getStart() || isWithin(a, node));
  const races: RenderStateRace[] = [];
  const checks: ts.IfStatement[] = [];
  forEachInFunction(fn.body, (node) => {
    if (ts.isIfStatement(node)) checks.push(node);
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || !after(node)) return undefined;
    const direct = snapshotSet(node, pairs);
    if (direct !== undefined) {
      races.push({ node, target: direct, kind: 'stale' });
      return undefined;
    }
    // patchLink({ … }) after an await, where patchLink sets the state from the render's snapshot
    const helper = helpers.get(node.expression.text);
    if (helper?.body !== undefined && !isWithin(fn, helper)) {
      let inner: string | undefined;
      forEachInFunction(helper.body, (child) => {
        if (inner === undefined && ts.isCallExpression(child)) inner = snapshotSet(child, pairs);
        return undefined;
      });
      if (inner !== undefined) races.push({ node, target: inner, kind: 'stale' });
    }
    return undefined;
  });
  // if (submitting) return; setSubmitting(true); await send();
  const firstAwait = awaits[0] as ts.AwaitExpression;
  for (const check of checks) {
    if (check.getEnd() > firstAwait.getStart() || !exits(check.thenStatement) || check.elseStatement)
      continue;
    for (const pair of pairs.values()) {
      if (!mentions(check.expression, pair.value)) continue;
      const claim = findClaim(fn.body, pair.setter, check.getEnd(), firstAwait.getStart());
      if (claim !== undefined) races.push({ node: claim, target: pair.value, kind: 'check' });
    }
  }
  return races;
}

/** `useState(…)` or `React.useState(…)` imported from `react` (or `preact/hooks`). */
function isReactUseState(call: ts.CallExpression): boolean {
  if (calleeName(call) !== 'useState') return false;
  const receiver = calleeReceiver(call);
  const root = receiver ?? skipOuter(call.expression);
  if (!ts.isIdentifier(root)) return false;
  const source = importSource(findDeclaration(root));
  return source === undefined || /^(?:react|preact(?:\/hooks|\/compat)?)$/.test(source);
}

/** `setLinks(links.map(…))`: the setter given a value (not an updater) computed from its own state. */
function snapshotSet(call: ts.CallExpression, pairs: ReadonlyMap<string, StatePair>): string | undefined {
  if (!ts.isIdentifier(call.expression)) return undefined;
  const pair = pairs.get(call.expression.text);
  const argument = call.arguments[0];
  if (pair === undefined || argument === undefined || isFunctionLike(skipOuter(argument))) return undefined;
  const value = skipOuter(argument);
  // setCount(count): the same snapshot back, nothing computed
  if (ts.isIdentifier(value)) return undefined;
  return mentions(argument, pair.value) ? pair.value : undefined;
}

function mentions(root: ts.Node, name: string): boolean {
  if (ts.isIdentifier(root) && root.text === name) return true;
  return (
    findDescendant(root, (node) => ts.isIdentifier(node) && node.text === name && isValueReference(node)) !==
    undefined
  );
}

/** `setSubmitting(true)` between the check and the first await, in the function's own flow. */
function findClaim(body: ts.Node, setter: string, from: number, to: number): ts.CallExpression | undefined {
  let claim: ts.CallExpression | undefined;
  forEachInFunction(body, (node) => {
    if (claim !== undefined) return 'skip';
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === setter &&
      node.getStart() >= from &&
      node.getEnd() <= to &&
      node.arguments[0]?.kind === ts.SyntaxKind.TrueKeyword
    ) {
      claim = node;
    }
    return undefined;
  });
  return claim;
}
