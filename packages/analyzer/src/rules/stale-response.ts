import ts from '../typescript.cjs';
import {
  dottedName,
  memberName,
  normalizedText,
  rootOfChain,
  skipOuter,
  skipOuterUp,
} from '../analysis/syntax/expressions.js';
import {
  enclosingFunction,
  type FunctionLike,
  isAsyncFunction,
  isFunctionLike,
} from '../analysis/syntax/functions.js';
import {
  findDescendant,
  findInFunction,
  forEachDescendant,
  forEachInFunction,
} from '../analysis/syntax/walk.js';
import { isLocallyDeclared } from '../analysis/syntax/scope.js';
import { defineRule } from '../rule.js';

const effectHooks = new Set(['useEffect', 'useLayoutEffect', 'React.useEffect', 'React.useLayoutEffect']);
const stateHooks = new Set(['useState', 'useReducer', 'React.useState', 'React.useReducer']);

/**
 * `stale-response`: a React effect that awaits (or `.then`s) and then sets state, with no abort in its cleanup and no
 * ignore flag. When the dependencies change, the older request can answer last and overwrite fresh state.
 */
export default defineRule({
  meta: {
    id: 'stale-response',
    description: 'Reports React effects that set state after an await with no abort and no ignore flag.',
    defaultSeverity: 'warning',
    requiresTypes: false,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      stale:
        '`{{setter}}` runs after an async step in this effect, but nothing cancels the older run: when the ' +
        'dependencies change, a slower earlier response can land last and overwrite fresh state. Abort in the cleanup ' +
        '(`useAbortableEffect` from @awaitwise/core/react), or set an `ignore` flag in the cleanup and check it first.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;

    return {
      [ts.SyntaxKind.CallExpression]: (node) => {
        const call = node;
        const hook = dottedName(call.expression);
        if (hook === undefined || !effectHooks.has(hook)) return;
        if (isLocallyDeclared(hook.split('.')[0] ?? hook, call)) return;
        const first = call.arguments[0];
        if (first === undefined) return;
        const effect = skipOuter(first);
        if (!ts.isArrowFunction(effect) && !ts.isFunctionExpression(effect)) return;
        if (!dependencyDriven(effect, call.arguments[1], sourceFile)) return;

        const component = enclosingFunction(call);
        if (component === undefined) return;
        const { setters, values } = componentState(component);
        if (setters.size === 0) return;
        const claims = claimGuards(effect, values);

        const cleanups = cleanupFunctions(effect);
        if (cleanups.some((cleanup) => findDescendant(cleanup, isAbortCall) !== undefined)) return;
        const flags = cleanups.flatMap((cleanup) => assignedTargets(cleanup, sourceFile));

        let reported = false;
        forEachDescendant(effect, (inner) => {
          if (reported) return 'skip';
          if (!ts.isCallExpression(inner)) return undefined;
          const callee = skipOuter(inner.expression);
          if (!ts.isIdentifier(callee) || !setters.has(callee.text)) return undefined;
          const asyncScope = afterAsyncStep(inner, effect);
          if (asyncScope === undefined) return undefined;
          if (isGuarded(inner, effect, flags, cleanups, sourceFile)) return undefined;
          // `setLoaded(true)`: the value does not come from the response, so no response can make it stale.
          if (inner.arguments.length > 0 && inner.arguments.every(isConstant)) return undefined;
          if (claims.some((claim) => claimCovers(claim, inner))) return undefined;
          reported = true;
          context.report({ node: inner, messageId: 'stale', data: { setter: callee.text } });
          return 'skip';
        });
      },
    };
  },
});

/** False for `[]` deps, and for deps none of which the effect reads (the request does not depend on them). */
function dependencyDriven(
  effect: ts.ArrowFunction | ts.FunctionExpression,
  deps: ts.Expression | undefined,
  sourceFile: ts.SourceFile,
): boolean {
  if (deps === undefined) return true;
  const list = skipOuter(deps);
  if (!ts.isArrayLiteralExpression(list)) return true;
  if (list.elements.length === 0) return false;
  const names = new Set(
    list.elements
      .map((element) => normalizedText(rootOfChain(element), sourceFile))
      .filter((name) => name !== ''),
  );
  return findDescendant(effect, (node) => ts.isIdentifier(node) && names.has(node.text)) !== undefined;
}

/**
 * The state of a component, from one walk over its `const [x, setX] = useState(…)` (or `useReducer`'s dispatch)
 * declarations: the setters' names, and `x` → `setX` where both are plain names.
 */
function componentState(component: FunctionLike): {
  setters: Set<string>;
  values: Map<string, string>;
} {
  const setters = new Set<string>();
  const values = new Map<string, string>();
  forEachInFunction(component, (node) => {
    if (!ts.isVariableDeclaration(node) || !ts.isArrayBindingPattern(node.name)) return;
    const initializer = node.initializer === undefined ? undefined : skipOuter(node.initializer);
    if (initializer === undefined || !ts.isCallExpression(initializer)) return;
    if (!stateHooks.has(dottedName(initializer.expression) ?? '')) return;
    const [value, setter] = node.name.elements;
    if (setter === undefined || !ts.isBindingElement(setter) || !ts.isIdentifier(setter.name)) return;
    setters.add(setter.name.text);
    if (value !== undefined && ts.isBindingElement(value) && ts.isIdentifier(value.name)) {
      values.set(value.name.text, setter.name.text);
    }
  });
  return { setters, values };
}

/** A literal, or an object or array literal of literals: `true`, `null`, `{ loading: false, error: '' }`. */
function isConstant(expression: ts.Expression): boolean {
  const value = skipOuter(expression);
  switch (value.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return true;
    default:
      break;
  }
  if (ts.isIdentifier(value)) return value.text === 'undefined';
  if (ts.isPrefixUnaryExpression(value)) return ts.isNumericLiteral(value.operand);
  if (ts.isArrayLiteralExpression(value)) return value.elements.every(isConstant);
  if (ts.isObjectLiteralExpression(value)) {
    return value.properties.every((p) => ts.isPropertyAssignment(p) && isConstant(p.initializer));
  }
  // `(prev) => ({ ...prev, loaded: true })`: an updater that only sets constants on the previous state
  if (ts.isArrowFunction(value) && value.parameters.length === 1) {
    const parameter = value.parameters[0]?.name;
    const body = skipOuter(value.body as ts.Expression);
    if (parameter === undefined || !ts.isIdentifier(parameter) || !ts.isObjectLiteralExpression(body))
      return false;
    return body.properties.every(
      (p) =>
        (ts.isSpreadAssignment(p) &&
          ts.isIdentifier(skipOuter(p.expression)) &&
          (skipOuter(p.expression) as ts.Identifier).text === parameter.text) ||
        (ts.isPropertyAssignment(p) && isConstant(p.initializer)),
    );
  }
  return false;
}

/**
 * A one-shot or in-flight guard: an `if` on a ref (`started.current`) or on a state value (`loading`) whose target is
 * claimed (`started.current = true`, `setLoading(true)`) after the check and before the first async step. A re-run of
 * the effect then finds the guard taken and starts nothing, so no older response can race a newer one.
 */
interface ClaimGuard {
  /** The `if` whose then-branch holds the async work, or that returns early before it. */
  readonly statement: ts.IfStatement;
  readonly exits: boolean;
}

function claimGuards(effect: FunctionLike, values: ReadonlyMap<string, string>): ClaimGuard[] {
  const guards: ClaimGuard[] = [];
  forEachDescendant(effect, (node) => {
    if (!ts.isIfStatement(node)) return undefined;
    const targets = new Set<string>(); // ref texts (`started.current`) and setter names (`setLoading`)
    forEachDescendant(node.expression, (part) => {
      if (ts.isPropertyAccessExpression(part) && part.name.text === 'current') {
        const text = part.getText();
        targets.add(text);
      } else if (ts.isIdentifier(part)) {
        const setter = values.get(part.text);
        if (setter !== undefined) targets.add(setter);
      }
    });
    const expression = skipOuter(node.expression);
    if (ts.isPropertyAccessExpression(expression) && expression.name.text === 'current')
      targets.add(expression.getText());
    if (ts.isIdentifier(expression) && values.has(expression.text))
      targets.add(values.get(expression.text) ?? '');
    if (targets.size === 0) return undefined;
    const exits = exitsEarly(node.thenStatement);
    // The claim must come after the check and before the first async step it protects.
    const scope: ts.Node = exits ? (enclosingFunction(node) ?? effect) : node.thenStatement;
    const from = node.expression.getEnd();
    const firstAsync = firstAsyncStep(scope, from);
    if (firstAsync === undefined) return undefined;
    const claimed =
      findDescendant(scope, (inner) => {
        if (inner.getStart() < from || inner.getEnd() > firstAsync) return false;
        if (
          ts.isBinaryExpression(inner) &&
          inner.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          targets.has(skipOuter(inner.left).getText())
        ) {
          return true;
        }
        if (ts.isCallExpression(inner)) {
          const callee = skipOuter(inner.expression);
          return ts.isIdentifier(callee) && targets.has(callee.text);
        }
        return false;
      }) !== undefined;
    if (claimed) guards.push({ statement: node, exits });
    return undefined;
  });
  return guards;
}

function exitsEarly(statement: ts.Statement): boolean {
  const only =
    ts.isBlock(statement) && statement.statements.length === 1 ? statement.statements[0] : statement;
  return only !== undefined && ts.isReturnStatement(only);
}

/** The start of the first `await` or `.then/.catch/.finally` call after `from` in `scope`. */
function firstAsyncStep(scope: ts.Node, from: number): number | undefined {
  let first: number | undefined;
  forEachDescendant(scope, (node) => {
    if (node.getStart() < from) return undefined;
    const isStep =
      ts.isAwaitExpression(node) ||
      (ts.isCallExpression(node) && /^(then|catch|finally)$/.test(memberName(node.expression) ?? ''));
    if (isStep && (first === undefined || node.getStart() < first)) first = node.getStart();
    return undefined;
  });
  return first;
}

/** Whether the set call is protected by the guard: inside its then-branch, or after it when it returns early. */
function claimCovers(claim: ClaimGuard, call: ts.CallExpression): boolean {
  const statement = claim.statement;
  if (claim.exits) {
    const scope = enclosingFunction(statement);
    return (
      call.getStart() > statement.getEnd() &&
      scope !== undefined &&
      call.getStart() >= scope.getStart() &&
      call.getEnd() <= scope.getEnd()
    );
  }
  return (
    call.getStart() >= statement.thenStatement.getStart() && call.getEnd() <= statement.thenStatement.getEnd()
  );
}

/** The functions an effect returns as its cleanup. */
function cleanupFunctions(effect: ts.ArrowFunction | ts.FunctionExpression): FunctionLike[] {
  if (!ts.isBlock(effect.body)) return [];
  const found: FunctionLike[] = [];
  forEachInFunction(effect.body, (node) => {
    if (!ts.isReturnStatement(node) || node.expression === undefined) return;
    const returned = skipOuter(node.expression);
    if (isFunctionLike(returned)) {
      found.push(returned);
      return;
    }
    // `return cleanup;` or `return () => controller.abort()` via a named local function.
    if (ts.isIdentifier(returned)) {
      forEachDescendant(effect.body, (candidate) => {
        if (ts.isFunctionDeclaration(candidate) && candidate.name?.text === returned.text)
          found.push(candidate);
        if (
          ts.isVariableDeclaration(candidate) &&
          ts.isIdentifier(candidate.name) &&
          candidate.name.text === returned.text &&
          candidate.initializer !== undefined &&
          isFunctionLike(skipOuter(candidate.initializer))
        ) {
          found.push(skipOuter(candidate.initializer) as FunctionLike);
        }
      });
    }
  });
  return found;
}

function isAbortCall(node: ts.Node): boolean {
  return ts.isCallExpression(node) && memberName(node.expression) === 'abort';
}

/**
 * The texts of what a cleanup assigns or bumps (`ignore = true`, `active.current = false`, `requestId.current += 1`,
 * `generation++`).
 */
function assignedTargets(cleanup: FunctionLike, sourceFile: ts.SourceFile): string[] {
  const targets: string[] = [];
  const isTarget = (node: ts.Expression): boolean =>
    ts.isIdentifier(skipOuter(node)) || ts.isPropertyAccessExpression(skipOuter(node));
  forEachDescendant(cleanup, (node) => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment &&
      isTarget(node.left)
    ) {
      targets.push(normalizedText(node.left, sourceFile));
    }
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken) &&
      isTarget(node.operand)
    ) {
      targets.push(normalizedText(node.operand, sourceFile));
    }
  });
  return targets;
}

/**
 * The function in which `call` runs after an async step — a `.then/.catch/.finally` callback, or an async function
 * where an `await` comes first — or undefined when the call runs synchronously in the effect.
 */
function afterAsyncStep(call: ts.CallExpression, effect: FunctionLike): FunctionLike | undefined {
  for (let fn = enclosingFunction(call); fn !== undefined; fn = enclosingFunction(fn)) {
    const outer = skipOuterUp(fn);
    const parent = outer.parent;
    if (ts.isCallExpression(parent) && parent.arguments.includes(outer as ts.Expression)) {
      const method = memberName(parent.expression);
      if (method === 'then' || method === 'catch' || method === 'finally') return fn;
    }
    if (isAsyncFunction(fn)) {
      // An await before the call or in its arguments (`setUser(await load())`).
      const at = call.getEnd();
      const awaited =
        findInFunction(
          fn,
          (node) =>
            node.getStart() < at &&
            (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier !== undefined)),
        ) !== undefined;
      if (awaited) return fn;
    }
    if (fn === effect) return undefined;
  }
  return undefined;
}

/** True when the set call is preceded (anywhere in the effect) by a check of a cleanup flag or `signal.aborted`. */
function isGuarded(
  call: ts.CallExpression,
  effect: FunctionLike,
  flags: readonly string[],
  cleanups: readonly FunctionLike[],
  sourceFile: ts.SourceFile,
): boolean {
  const at = call.getStart();
  // `const isStale = () => id !== latest.current;` … `if (isStale()) return;`: a local predicate reading a flag.
  const predicates = new Set<string>();
  if (flags.length > 0) {
    forEachDescendant(effect, (node) => {
      if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || node.initializer === undefined)
        return;
      const fn = skipOuter(node.initializer);
      if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return;
      const readsFlag =
        findDescendant(
          fn,
          (inner) =>
            (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner)) &&
            flags.includes(normalizedText(inner, sourceFile)),
        ) !== undefined;
      if (readsFlag) predicates.add(node.name.text);
    });
  }
  return (
    findDescendant(effect, (node) => {
      if (cleanups.some((cleanup) => node === cleanup)) return false;
      if (node.getStart() > at && !isAncestorCondition(node, call)) return false;
      if (ts.isPropertyAccessExpression(node) && node.name.text === 'aborted') return true;
      if (flags.length === 0) return false;
      if (
        ts.isCallExpression(node) &&
        ts.isIdentifier(skipOuter(node.expression)) &&
        predicates.has((skipOuter(node.expression) as ts.Identifier).text)
      ) {
        return true;
      }
      if (!ts.isIdentifier(node) && !ts.isPropertyAccessExpression(node)) return false;
      const parent = node.parent;
      // The declaration `let ignore = false` and assignments are not checks.
      if (ts.isVariableDeclaration(parent) && parent.name === node) return false;
      if (
        ts.isBinaryExpression(parent) &&
        parent.left === node &&
        parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
      ) {
        return false;
      }
      if (cleanups.some((cleanup) => node.pos >= cleanup.pos && node.end <= cleanup.end)) return false;
      return flags.includes(normalizedText(node, sourceFile));
    }) !== undefined
  );
}

function isAncestorCondition(node: ts.Node, call: ts.Node): boolean {
  for (let current = call.parent as ts.Node | undefined; current !== undefined; current = current.parent) {
    if ((ts.isIfStatement(current) || ts.isConditionalExpression(current)) && current.pos <= node.pos) {
      const condition = ts.isIfStatement(current) ? current.expression : current.condition;
      if (node.pos >= condition.pos && node.end <= condition.end) return true;
    }
    if (ts.isBinaryExpression(current) && node.pos >= current.left.pos && node.end <= current.left.end)
      return true;
  }
  return false;
}
