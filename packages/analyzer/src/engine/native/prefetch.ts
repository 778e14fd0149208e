/**
 * Which nodes of a file the native checker facade asks TypeScript 7 about in advance, in one request per question,
 * the first time a rule asks about any node of that file.
 *
 * The choice comes from what the rules ask (measured on the mongodb sources, 131 files, all rules): a question asked
 * alone costs a round trip (~0.15 ms); asked in a batch, a few microseconds. So a kind of node is prefetched when the
 * rules ask about more than about one in ten of its nodes: identifiers that name what is called, constructed, read,
 * compared or referenced as a type (symbols), and the receivers, callees and calls whose types the promise rules read.
 *
 * @module
 */
import ts from '../../typescript.cjs';

/** Parents under which the rules ask for an identifier's symbol. */
const symbolParents = new Set<ts.SyntaxKind>([
  ts.SyntaxKind.CallExpression,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.TypeReference,
  ts.SyntaxKind.NewExpression,
  ts.SyntaxKind.BinaryExpression,
  ts.SyntaxKind.ExpressionWithTypeArguments,
  ts.SyntaxKind.ReturnStatement,
  ts.SyntaxKind.ShorthandPropertyAssignment,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.PrefixUnaryExpression,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.TypeOfExpression,
  ts.SyntaxKind.ThrowStatement,
  ts.SyntaxKind.AsExpression,
  ts.SyntaxKind.AwaitExpression,
  ts.SyntaxKind.PropertyAssignment,
  ts.SyntaxKind.SpreadAssignment,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.TemplateSpan,
  ts.SyntaxKind.JsxExpression,
]);

/** True for a JSX attribute's value (`onClick={save}`): the promise rules read it as a callback argument. */
function isAttributeValue(node: ts.Node): boolean {
  return ts.isJsxExpression(node.parent) && ts.isJsxAttribute(node.parent.parent);
}

/**
 * True when the rules will likely ask for the type of the symbol `node` names: a name given as a callback (an
 * argument, a JSX attribute's value), whose declared type tells whether calling it returns a thenable.
 */
function wantsSymbolType(node: ts.Node): boolean {
  if (node.kind !== ts.SyntaxKind.Identifier) return false;
  const parent = node.parent;
  return (
    ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node) ||
    isAttributeValue(node)
  );
}

/** True when the rules will likely ask for the type of `node`. */
function wantsType(node: ts.Node): boolean {
  const parent = node.parent;
  switch (node.kind) {
    case ts.SyntaxKind.Identifier:
    case ts.SyntaxKind.ThisKeyword:
      return (
        (ts.isPropertyAccessExpression(parent) && parent.expression === node) ||
        ts.isCallExpression(parent) ||
        ts.isNewExpression(parent) ||
        ts.isReturnStatement(parent) ||
        isAttributeValue(node) ||
        (ts.isPropertyAssignment(parent) && parent.initializer === node)
      );
    case ts.SyntaxKind.PropertyAccessExpression:
      return (
        isAttributeValue(node) ||
        ts.isCallExpression(parent) ||
        ts.isPropertyAccessExpression(parent) ||
        ts.isPropertyAssignment(parent) ||
        ts.isVariableDeclaration(parent)
      );
    case ts.SyntaxKind.CallExpression:
    case ts.SyntaxKind.AwaitExpression:
      return true;
    case ts.SyntaxKind.MethodDeclaration:
      return ts.isObjectLiteralExpression(parent);
    case ts.SyntaxKind.ParenthesizedExpression:
      // What a function returns: `return (…)`, `() => (…)`.
      return ts.isReturnStatement(parent) || (ts.isArrowFunction(parent) && parent.body === node);
    default:
      return false;
  }
}

/** The nodes of a file whose symbols and types are asked for in advance. */
export interface PrefetchNodes {
  readonly symbols: ts.Node[];
  readonly types: ts.Node[];
  /** Nodes among `symbols` whose symbol's type is asked for in advance too (when it is no alias). */
  readonly symbolTypes: ts.Node[];
}

/** Collects, in one walk, the nodes of `file` whose symbols and types the rules are likely to ask for. */
export function prefetchNodes(file: ts.SourceFile): PrefetchNodes {
  const symbols: ts.Node[] = [];
  const types: ts.Node[] = [];
  const symbolTypes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.Identifier && symbolParents.has(node.parent.kind)) {
      symbols.push(node);
      if (wantsSymbolType(node)) symbolTypes.push(node);
    }
    // The module an import names: named imports are resolved through its exports (checker.ts, importedSymbol).
    if (ts.isImportDeclaration(node)) symbols.push(node.moduleSpecifier);
    if (wantsType(node)) types.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return { symbols, types, symbolTypes };
}
