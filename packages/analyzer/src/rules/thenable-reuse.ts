import ts from '../typescript.cjs';
import { skipOuter } from '../analysis/syntax/expressions.js';
import { enclosingFunction } from '../analysis/syntax/functions.js';
import { isThenableType } from '../analysis/types/promise-types.js';
import { defineRule } from '../rule.js';

/** A place where a variable's value is consumed as a thenable: `await x` or `x.then(…)`. */
interface Consumption {
  readonly identifier: ts.Identifier;
  readonly how: 'await' | 'then';
}

/**
 * `thenable-reuse`: the same lazy thenable (a query builder such as a knex, drizzle or mongoose query: a type with a
 * `then` method that is not a native Promise) awaited or `.then`-ed twice. Each `then` call runs the work again.
 */
export default defineRule({
  meta: {
    id: 'thenable-reuse',
    description: 'Reports a lazy, non-Promise thenable (query builder) awaited or `.then`-ed twice.',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: {
      reused:
        '`{{name}}` is a lazy `{{type}}`, not a Promise: this second `{{how}}` runs its work again (line {{firstLine}} ' +
        'already did). Await it once and keep the result, or convert it once with `Promise.resolve({{name}})`.',
    },
  },
  defaultOptions: {},
  create(context) {
    const { sourceFile } = context;
    const bySymbol = new Map<ts.Symbol, Consumption[]>();

    const record = (expression: ts.Expression, how: Consumption['how']): void => {
      const inner = skipOuter(expression);
      if (!ts.isIdentifier(inner)) return;
      const symbol = context.getTypeChecker().getSymbolAtLocation(inner);
      if (symbol === undefined) return;
      let list = bySymbol.get(symbol);
      if (list === undefined) bySymbol.set(symbol, (list = []));
      list.push({ identifier: inner, how });
    };

    const lazyTypeName = (identifier: ts.Identifier): string | undefined => {
      const checker = context.getTypeChecker();
      const type = checker.getTypeAtLocation(identifier);
      const parts = type.isUnion() ? type.types : [type];
      let name: string | undefined;
      for (const part of parts) {
        if (!isThenableType(checker, part)) continue;
        if (isNativePromise(part, checker, context.program)) return undefined;
        name ??= checker.typeToString(part);
      }
      return name;
    };

    return {
      [ts.SyntaxKind.AwaitExpression]: (node) => {
        record(node.expression, 'await');
      },
      [ts.SyntaxKind.CallExpression]: (node) => {
        const callee = skipOuter(node.expression);
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'then')
          record(callee.expression, 'then');
      },
      onEnd: () => {
        for (const [symbol, uses] of bySymbol) {
          if (uses.length < 2) continue;
          const first = uses[0];
          if (first === undefined) continue;
          const type = lazyTypeName(first.identifier);
          if (type === undefined) continue;
          for (let index = 1; index < uses.length; index++) {
            const previous = uses[index - 1];
            const current = uses[index];
            if (previous === undefined || current === undefined) continue;
            if (enclosingFunction(previous.identifier) !== enclosingFunction(current.identifier)) continue;
            if (reassignedBetween(symbol, previous.identifier, current.identifier, context.getTypeChecker()))
              continue;
            if (exclusivePaths(previous.identifier, current.identifier)) continue;
            context.report({
              node: current.identifier,
              messageId: 'reused',
              data: {
                name: current.identifier.text,
                type,
                how: current.how === 'await' ? 'await' : '.then()',
                firstLine:
                  sourceFile.getLineAndCharacterOfPosition(previous.identifier.getStart(sourceFile)).line + 1,
              },
            });
          }
        }
      },
    };
  },
});

/** True for `Promise`, `PromiseLike` (unknown laziness: assume eager) and classes extending them. */
function isNativePromise(type: ts.Type, checker: ts.TypeChecker, program: ts.Program): boolean {
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  if (symbol === undefined) return true;
  const name = symbol.getName();
  if (name === 'Promise' || name === 'PromiseLike' || name === 'Thenable') return true;
  const declarations = symbol.getDeclarations() ?? [];
  if (declarations.some((declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile()))) {
    return true;
  }
  const target =
    type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference
      ? (type as ts.TypeReference).target
      : type;
  if (target.isClassOrInterface()) {
    for (const base of checker.getBaseTypes(target)) if (isNativePromise(base, checker, program)) return true;
  }
  // An object literal type or anonymous `{ then(): … }` has no class to be lazy by: leave it alone.
  return !(symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface));
}

/** True when the variable is assigned between the two uses (in source order). */
function reassignedBetween(
  symbol: ts.Symbol,
  first: ts.Identifier,
  second: ts.Identifier,
  checker: ts.TypeChecker,
): boolean {
  const from = first.getEnd();
  const to = second.getStart();
  const fn = enclosingFunction(first) ?? first.getSourceFile();
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() < from || node.getStart() > to) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      const left = skipOuter(node.left);
      if (ts.isIdentifier(left) && checker.getSymbolAtLocation(left) === symbol && left.getStart() > from) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

/** True when the two uses cannot both run: if/else, `?:`, different `case`s, try/catch (a retry), or an exit between. */
function exclusivePaths(first: ts.Node, second: ts.Node): boolean {
  const ancestorsOfFirst: ts.Node[] = [];
  for (
    let current: ts.Node | undefined = first;
    current !== undefined;
    current = current.parent as ts.Node | undefined
  ) {
    ancestorsOfFirst.push(current);
  }
  let common: ts.Node | undefined;
  let secondChild: ts.Node = second;
  for (
    let current: ts.Node | undefined = second;
    current !== undefined;
    current = current.parent as ts.Node | undefined
  ) {
    if (ancestorsOfFirst.includes(current)) {
      common = current;
      break;
    }
    secondChild = current;
  }
  if (common === undefined) return false;
  const firstChild = ancestorsOfFirst[ancestorsOfFirst.indexOf(common) - 1];
  if (firstChild === undefined) return false;
  if (
    ts.isIfStatement(common) &&
    firstChild === common.thenStatement &&
    secondChild === common.elseStatement
  ) {
    return true;
  }
  if (
    ts.isConditionalExpression(common) &&
    firstChild === common.whenTrue &&
    secondChild === common.whenFalse
  ) {
    return true;
  }
  if (ts.isCaseBlock(common)) return true;
  if (ts.isTryStatement(common) && firstChild === common.tryBlock && secondChild === common.catchClause)
    return true;
  // An exit (return/throw/break/continue) after the first use, inside the branch that holds it, before the second.
  for (let index = ancestorsOfFirst.indexOf(common) - 1; index >= 1; index--) {
    const node = ancestorsOfFirst[index];
    const child = ancestorsOfFirst[index - 1];
    if (node === undefined || child === undefined) continue;
    if (ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
      const statements = node.statements;
      const at = statements.indexOf(child as ts.Statement);
      for (const statement of statements.slice(at + 1)) {
        if (
          ts.isReturnStatement(statement) ||
          ts.isThrowStatement(statement) ||
          ts.isBreakStatement(statement) ||
          ts.isContinueStatement(statement)
        ) {
          return true;
        }
      }
    }
    // `if (a) return await q;` directly in an if without a block.
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return true;
  }
  return false;
}
