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
]);

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
        ts.isReturnStatement(parent)
      );
    case ts.SyntaxKind.PropertyAccessExpression:
      return (
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
    default:
      return false;
  }
}

/** The nodes of a file whose symbols and types are asked for in advance. */
export interface PrefetchNodes {
  readonly symbols: ts.Node[];
  readonly types: ts.Node[];
}

/** Collects, in one walk, the nodes of `file` whose symbols and types the rules are likely to ask for. */
export function prefetchNodes(file: ts.SourceFile): PrefetchNodes {
  const symbols: ts.Node[] = [];
  const types: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.Identifier && symbolParents.has(node.parent.kind)) symbols.push(node);
    if (wantsType(node)) types.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return { symbols, types };
}
