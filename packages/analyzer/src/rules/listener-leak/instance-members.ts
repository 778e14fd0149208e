/**
 * The members of what makes instances: a class's (methods, accessors, arrow fields), or a constructor function's in
 * the older spelling (`function Client() {}` with `Client.prototype.close = function () {}`), so that the rule reads a
 * lifecycle the same way in both. Internal to the `listener-leak` rule.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { skipOuter, skipOuterUp } from '../../analysis/syntax/expressions.js';
import { type FunctionLike, isFunctionLike } from '../../analysis/syntax/functions.js';
import { forEachDescendant } from '../../analysis/syntax/walk.js';

/** One member: its name and the node holding its code (a class element, or a prototype function). */
export interface Member {
  readonly name: string;
  readonly node: ts.Node;
}

/** The members of the instances `fn` belongs to (a constructor, an instance method or arrow field), or undefined. */
export function instanceMembers(fn: FunctionLike): Member[] | undefined {
  let member: ts.Node = fn;
  if (ts.isPropertyDeclaration(fn.parent)) member = fn.parent;
  if (ts.isClassLike(member.parent)) {
    const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) : undefined;
    if (modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) return undefined;
    return member.parent.members.flatMap((element) =>
      element.name === undefined ? [] : [{ name: element.name.getText(), node: element }],
    );
  }
  const constructorName = constructorFunctionName(fn);
  if (constructorName === undefined) return undefined;
  const members = prototypeMembers(fn.getSourceFile(), constructorName);
  return members.length > 0 ? members : undefined;
}

/** The name of the constructor function `fn` is (`function Client() {}`) or is a prototype method of. */
function constructorFunctionName(fn: FunctionLike): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const outer = skipOuterUp(fn);
  const parent = outer.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) && ts.isFunctionExpression(fn))
    return parent.name.text;
  // `Client.prototype.start = function () { … }`.
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === outer &&
    ts.isPropertyAccessExpression(parent.left) &&
    ts.isPropertyAccessExpression(parent.left.expression) &&
    parent.left.expression.name.text === 'prototype' &&
    ts.isIdentifier(parent.left.expression.expression)
  )
    return parent.left.expression.expression.text;
  return undefined;
}

/** `Name.prototype.m = function () {}` assignments of the file. */
function prototypeMembers(sourceFile: ts.SourceFile, name: string): Member[] {
  const members: Member[] = [];
  forEachDescendant(sourceFile, (node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken)
      return undefined;
    const left = skipOuter(node.left);
    const value = skipOuter(node.right);
    if (
      ts.isPropertyAccessExpression(left) &&
      ts.isPropertyAccessExpression(left.expression) &&
      left.expression.name.text === 'prototype' &&
      ts.isIdentifier(left.expression.expression) &&
      left.expression.expression.text === name &&
      isFunctionLike(value)
    )
      members.push({ name: left.name.text, node: value });
    return undefined;
  });
  return members;
}

/** The member's code is `fn` (a method, an arrow field, a prototype function). */
export function isMemberCode(member: Member, fn: FunctionLike): boolean {
  return member.node === fn || member.node === fn.parent;
}
