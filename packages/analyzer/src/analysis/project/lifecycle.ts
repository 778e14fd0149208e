/**
 * The members that end an object's life, in the spellings of the platforms and frameworks: Node's resources
 * (`close`, `destroy`, `disconnect` …), disposables (`dispose`, `Symbol.dispose`), web components
 * (`disconnectedCallback`), React class components (`componentWillUnmount`) and Angular (`ngOnDestroy`). The rules
 * that ask "does this owner have an end, and what runs in it" (listener-leak, timer-leak) start from this set and add
 * the words of their own resources. `componentEndOf` tells which framework end a component class has.
 *
 * @module
 */
import ts from '../../typescript.cjs';
import { rootOfChain, skipOuter } from '../syntax/expressions.js';
import { findDeclaration, importSource } from '../syntax/scope.js';

/** The members that end an object's life (see the module's comment). */
export const lifecycleEndNames: ReadonlySet<string> = new Set([
  'close',
  'dispose',
  'destroy',
  'stop',
  'disconnect',
  'shutdown',
  'teardown',
  'terminate',
  'unmount',
  'detach',
  'cleanup',
  'disconnectedCallback',
  'componentWillUnmount',
  'ngOnDestroy',
  '[Symbol.dispose]',
  '[Symbol.asyncDispose]',
]);

/** Modules whose `Component`/`PureComponent` classes are mounted and unmounted by React's renderer. */
const reactModules = new Set(['react', 'preact', 'preact/compat']);

/**
 * The member a UI framework calls when an instance of `klass` leaves the page, for a class the framework mounts and
 * unmounts as often as the page asks (a list item, a dialog, each route visit): a React class component (`extends
 * Component`/`PureComponent` of `react`/`preact`, through any namespace) → `componentWillUnmount`; a custom element
 * (`extends HTMLElement`, directly or through a base such as `LitElement`) → `disconnectedCallback`; an Angular
 * component or directive (`@Component`/`@Directive` of `@angular/core`) → `ngOnDestroy`. Undefined for any other
 * class. The contract is the framework's, told by where the base class or decorator comes from, not by the class's
 * own names.
 *
 * @example
 * ```ts
 * const end = componentEndOf(klass, checker); // 'componentWillUnmount' for `class Menu extends React.Component`
 * ```
 */
export function componentEndOf(klass: ts.ClassLikeDeclaration, checker: ts.TypeChecker): string | undefined {
  for (const clause of klass.heritageClauses ?? []) {
    if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue;
    for (const base of clause.types) {
      if (isReactBase(base.expression, checker)) return 'componentWillUnmount';
      if (extendsHtmlElement(base.expression, checker)) return 'disconnectedCallback';
    }
  }
  const decorators = ts.canHaveDecorators(klass) ? (ts.getDecorators(klass) ?? []) : [];
  for (const decorator of decorators) {
    const call = decorator.expression;
    if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression)) continue;
    const name = call.expression.text;
    if (
      (name === 'Component' || name === 'Directive') &&
      importSource(findDeclaration(call.expression)) === '@angular/core'
    )
      return 'ngOnDestroy';
  }
  return undefined;
}

/** `Component`, `React.PureComponent`: React's base class, by its import or by where its type is declared. */
function isReactBase(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const inner = skipOuter(expression);
  const name = ts.isIdentifier(inner) ? inner : ts.isPropertyAccessExpression(inner) ? inner.name : undefined;
  if (name === undefined || (name.text !== 'Component' && name.text !== 'PureComponent')) return false;
  const root = rootOfChain(inner);
  if (ts.isIdentifier(root) && reactModules.has(importSource(findDeclaration(root)) ?? '')) return true;
  return declaredIn(checker.getSymbolAtLocation(name), checker, /[\\/](?:@types[\\/])?(?:react|preact)[\\/]/);
}

/** The class `expression` names is `HTMLElement` or extends it (its type's bases, recursively). */
function extendsHtmlElement(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const inner = skipOuter(expression);
  if (ts.isIdentifier(inner) && inner.text === 'HTMLElement' && findDeclaration(inner) === undefined)
    return true;
  const constructorType = checker.getTypeAtLocation(inner);
  const instanceTypes = constructorType
    .getConstructSignatures()
    .map((signature) => signature.getReturnType());
  const seen = new Set<ts.Type>();
  const queue = [...instanceTypes];
  while (queue.length > 0 && seen.size < 20) {
    const type = queue.shift() as ts.Type;
    if (seen.has(type)) continue;
    seen.add(type);
    const symbol = type.getSymbol();
    if (symbol?.getName() === 'HTMLElement' && declaredIn(symbol, checker, /lib\.dom\.d\.ts$/)) return true;
    if (type.isClassOrInterface()) queue.push(...checker.getBaseTypes(type));
  }
  return false;
}

/** Some declaration of `symbol` (an alias followed) is in a file whose path matches `path`. */
function declaredIn(symbol: ts.Symbol | undefined, checker: ts.TypeChecker, path: RegExp): boolean {
  if (symbol === undefined) return false;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  return (target.getDeclarations() ?? []).some((declaration) =>
    path.test(declaration.getSourceFile().fileName),
  );
}
