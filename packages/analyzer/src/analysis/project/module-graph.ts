/**
 * The program's runtime module graph and its import cycles, for `top-level-await-cycle`. Built once per program
 * (Tarjan's strongly connected components, iterative) and cached.
 *
 * @packageDocumentation
 */
import ts from '../../typescript.cjs';
import { skipOuter } from '../syntax/expressions.js';
import { isNameUseIn } from '../syntax/scope.js';
import type { FileReader } from '../../rule.js';

/** A module of the program that awaits at top level and sits in an import cycle. */
export interface TopLevelAwaitCycle {
  /** The first top-level `await` (or `for await`) of the module. */
  readonly awaitNode: ts.Node;
  /** The cycle as file names, starting and ending with the module itself. */
  readonly path: readonly string[];
  /**
   * The first place where a module of the cycle reaches another's bindings while the modules are still loading (see
   * {@link cycleUseOnLoad}), or undefined when every cross-module use waits for a later call.
   */
  readonly useOnLoad: CycleUseOnLoad | undefined;
}

/** Where a module of an import cycle needs another module of the cycle while the modules load. */
export interface CycleUseOnLoad {
  /** The file that holds the use. */
  readonly fileName: string;
  /** The identifier bound by an import from the cycle, or the `import()` call of a module of the cycle. */
  readonly node: ts.Node;
}

/** What {@link moduleGraph} knows about a program. */
export interface ModuleGraph {
  /** Runtime imports of each analysed file (resolved file names inside the program). */
  readonly edges: ReadonlyMap<string, readonly string[]>;
  /** Modules with top-level await that are in a cycle, by file name. */
  readonly cycles: ReadonlyMap<string, TopLevelAwaitCycle>;
}

interface ProgramWithResolution {
  getResolvedModule?(
    file: ts.SourceFile,
    moduleName: string,
    mode: ts.ResolutionMode,
  ): ts.ResolvedModuleWithFailedLookupLocations | undefined;
}

const graphs = new WeakMap<ts.Program, ModuleGraph>();

/**
 * The module graph of the program's own files (declaration files and `node_modules` left out), with the cycles that
 * contain a top-level await. Cached per program, so every file of a run shares one computation.
 *
 * @example
 * ```ts
 * const cycle = moduleGraph(context.program, context.files).cycles.get(context.sourceFile.fileName);
 * ```
 */
export function moduleGraph(program: ts.Program, files: FileReader): ModuleGraph {
  const cached = graphs.get(program);
  if (cached !== undefined) return cached;
  const own = program
    .getSourceFiles()
    .filter(
      (file) =>
        !file.isDeclarationFile &&
        !program.isSourceFileFromExternalLibrary(file) &&
        !/[\\/]node_modules[\\/]/.test(file.fileName),
    );
  const names = new Set(own.map((file) => file.fileName));
  const edges = new Map<string, string[]>();
  for (const file of own) {
    const targets: string[] = [];
    for (const specifier of runtimeImports(file, program)) {
      const resolved = resolve(program, file, specifier, files);
      if (resolved !== undefined && names.has(resolved) && !targets.includes(resolved))
        targets.push(resolved);
    }
    edges.set(file.fileName, targets);
  }
  const cycles = new Map<string, TopLevelAwaitCycle>();
  for (const component of stronglyConnected([...names], edges)) {
    const members = new Set(component);
    let useOnLoad: CycleUseOnLoad | undefined | null = null;
    for (const name of component) {
      const selfLoop = edges.get(name)?.includes(name) ?? false;
      if (component.length < 2 && !selfLoop) continue;
      const file = program.getSourceFile(name);
      const awaitNode = file === undefined ? undefined : firstTopLevelAwait(file);
      if (awaitNode === undefined) continue;
      const path = cyclePath(name, members, edges);
      if (path === undefined) continue;
      if (useOnLoad === null) useOnLoad = cycleUseOnLoad(program, files, component, members);
      cycles.set(name, { awaitNode, path, useOnLoad });
    }
  }
  const graph: ModuleGraph = { edges, cycles };
  graphs.set(program, graph);
  return graph;
}

/**
 * The first `await` (or `for await`) in the module's top-level code, not inside any function.
 *
 * @example
 * ```ts
 * firstTopLevelAwait(sourceFile) // the `await` of `const config = await load();`
 * ```
 */
export function firstTopLevelAwait(file: ts.SourceFile): ts.Node | undefined {
  if (!file.text.includes('await')) return undefined;
  return topLevelNodes(file, (node) =>
    ts.isAwaitExpression(node) ? node : ts.isForOfStatement(node) ? node.awaitModifier : undefined,
  )[0];
}

/**
 * What `pick` returns for the nodes of the module's top-level code (functions and class bodies are not entered), in
 * source order. Uses no parent pointers: files the run does not check may be parsed without them.
 */
function topLevelNodes<T>(file: ts.SourceFile, pick: (node: ts.Node) => T | undefined): T[] {
  const found: T[] = [];
  const walk = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    const picked = pick(node);
    if (picked !== undefined) found.push(picked);
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(file, walk);
  return found;
}

/**
 * The first place where a module of the cycle uses a binding it imports from another module of the cycle while the
 * modules are still loading, or imports one with `import()` anywhere. A binding's use counts when it runs as the
 * module evaluates: top-level code (also after an `await`), class heritage, decorators and static members, and the
 * bodies of the module's own functions and classes that such code calls, constructs or hands on, as far as they
 * reach; a function given as an argument is counted as called then (a callback or a timer may run while an awaiting
 * module of the cycle is still pending). A use only inside functions nobody calls during loading cannot meet an
 * uninitialised binding or wait on the cycle: the modules load, in whatever order, and the await only delays them.
 */
function cycleUseOnLoad(
  program: ts.Program,
  files: FileReader,
  component: readonly string[],
  members: ReadonlySet<string>,
): CycleUseOnLoad | undefined {
  for (const name of component) {
    const file = program.getSourceFile(name);
    if (file === undefined) continue;
    const inCycle = (specifier: string): boolean => {
      const resolved = resolve(program, file, specifier, files);
      return resolved !== undefined && members.has(resolved);
    };
    const dynamic = dynamicImportOf(file, inCycle);
    if (dynamic !== undefined) return { fileName: name, node: dynamic };
    const use = bindingUseOnLoad(file, importedNames(file, inCycle));
    if (use !== undefined) return { fileName: name, node: use };
  }
  return undefined;
}

/** Local names the file binds by importing the modules `inCycle` accepts (value imports and `import x = require()`). */
function importedNames(file: ts.SourceFile, inCycle: (specifier: string) => boolean): Set<string> {
  const bound = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause === undefined || clause.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
      if (!inCycle(statement.moduleSpecifier.text)) continue;
      for (const name of valueBindingNames(clause)) bound.add(name);
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      !statement.isTypeOnly &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression) &&
      inCycle(statement.moduleReference.expression.text)
    ) {
      bound.add(statement.name.text);
    }
  }
  return bound;
}

/** The local names an import clause binds to values: default, namespace, and named imports not marked `type`. */
function valueBindingNames(clause: ts.ImportClause): string[] {
  const names: string[] = [];
  if (clause.name !== undefined) names.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings !== undefined && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) if (!element.isTypeOnly) names.push(element.name.text);
  }
  return names;
}

/** The first `import('…')` of the file, at any depth, whose module `inCycle` accepts. Needs no parent pointers. */
function dynamicImportOf(file: ts.SourceFile, inCycle: (specifier: string) => boolean): ts.Node | undefined {
  if (!file.text.includes('import(')) return undefined;
  let found: ts.Node | undefined;
  const walk = (node: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const argument = node.arguments[0];
      if (argument !== undefined && ts.isStringLiteralLike(argument) && inCycle(argument.text)) {
        found = node;
        return;
      }
    }
    ts.forEachChild(node, walk);
  };
  ts.forEachChild(file, walk);
  return found;
}

/**
 * The first use of one of `names` that runs while the module evaluates (see {@link cycleUseOnLoad}). Top-level
 * function declarations, functions and classes held by top-level variables, and class declarations are walked only
 * once something that runs on load names them. Needs no parent pointers.
 */
function bindingUseOnLoad(file: ts.SourceFile, names: ReadonlySet<string>): ts.Identifier | undefined {
  if (names.size === 0) return undefined;
  // What runs when a top-level local is called or constructed: a function's body, a class's constructor and
  // instance field initialisers.
  const deferred = new Map<string, ts.Node[]>();
  const defer = (name: string, nodes: ts.Node[]): void => {
    deferred.set(name, [...(deferred.get(name) ?? []), ...nodes]);
  };
  const onLoad: [ts.Node, ts.Node][] = [];
  const classOnLoad = (node: ts.ClassLikeDeclaration): ts.Node[] => {
    const now: ts.Node[] = [...(ts.getDecorators(node) ?? []), ...(node.heritageClauses ?? [])];
    for (const member of node.members) {
      if (member.name !== undefined && ts.isComputedPropertyName(member.name)) now.push(member.name);
      if (ts.isClassStaticBlockDeclaration(member)) now.push(member.body);
      else if (ts.isPropertyDeclaration(member) && isStatic(member)) {
        if (member.initializer !== undefined) now.push(member.initializer);
      }
      if (ts.canHaveDecorators(member)) now.push(...(ts.getDecorators(member) ?? []));
    }
    return now;
  };
  const classOnConstruct = (node: ts.ClassLikeDeclaration): ts.Node[] =>
    node.members.flatMap((member): ts.Node[] =>
      ts.isConstructorDeclaration(member) && member.body !== undefined
        ? [member.body]
        : ts.isPropertyDeclaration(member) && !isStatic(member) && member.initializer !== undefined
          ? [member.initializer]
          : [],
    );
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement)) {
      if (statement.name !== undefined && statement.body !== undefined)
        defer(statement.name.text, [statement.body]);
    } else if (ts.isClassDeclaration(statement)) {
      for (const node of classOnLoad(statement)) onLoad.push([node, statement]);
      if (statement.name !== undefined) defer(statement.name.text, classOnConstruct(statement));
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const initializer =
          declaration.initializer === undefined ? undefined : skipOuter(declaration.initializer);
        if (
          initializer !== undefined &&
          ts.isIdentifier(declaration.name) &&
          (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer))
        ) {
          defer(declaration.name.text, [initializer.body]);
        } else if (
          initializer !== undefined &&
          ts.isIdentifier(declaration.name) &&
          ts.isClassExpression(initializer)
        ) {
          for (const node of classOnLoad(initializer)) onLoad.push([node, initializer]);
          defer(declaration.name.text, classOnConstruct(initializer));
        } else if (declaration.initializer !== undefined) {
          onLoad.push([declaration.initializer, declaration]);
        }
      }
    } else if (!ts.isImportDeclaration(statement) && !ts.isImportEqualsDeclaration(statement)) {
      if (
        !ts.isExportDeclaration(statement) &&
        !ts.isInterfaceDeclaration(statement) &&
        !ts.isTypeAliasDeclaration(statement)
      )
        onLoad.push([statement, file]);
    }
  }
  const walked = new Set<string>();
  let found: ts.Identifier | undefined;
  const walk = (node: ts.Node, parent: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (ts.isIdentifier(node)) {
      if (!isNameUseIn(node, parent)) return;
      if (names.has(node.text)) found = node;
      else reach(node.text);
      return;
    }
    if (ts.isShorthandPropertyAssignment(node)) {
      if (names.has(node.name.text)) found = node.name;
      else reach(node.name.text);
      return;
    }
    // A function runs on load when it is called at once or handed to a call (a callback, a timer); otherwise only
    // when something calls it later.
    if (ts.isFunctionLike(node) && !isCalledOrPassed(node, parent)) return;
    if (ts.isClassLike(node)) {
      for (const part of classOnLoad(node)) walk(part, node);
      return;
    }
    ts.forEachChild(node, (child) => {
      walk(child, node);
    });
  };
  const reach = (name: string): void => {
    const bodies = deferred.get(name);
    if (bodies === undefined || walked.has(name)) return;
    walked.add(name);
    for (const body of bodies) walk(body, body);
  };
  for (const [node, parent] of onLoad) {
    walk(node, parent);
    if (found !== undefined) break;
  }
  return found;
}

function isStatic(member: ts.ClassElement): boolean {
  return (
    ts.canHaveModifiers(member) &&
    (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword)
  );
}

/** True when the function `node` is the callee or an argument of a call or `new` (its parent, parentheses aside). */
function isCalledOrPassed(node: ts.Node, parent: ts.Node): boolean {
  return (
    ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) &&
      (parent.expression === node ||
        (parent.arguments ?? []).some((argument) => skipOuter(argument) === node))) ||
    ts.isParenthesizedExpression(parent) ||
    ts.isDecorator(parent) ||
    ts.isTaggedTemplateExpression(parent)
  );
}

/**
 * Module specifiers the file loads when it runs: value imports and re-exports (type-only ones and, in TypeScript
 * files without `verbatimModuleSyntax`, imports used only as types are erased), `import x = require()`, and
 * `await import()` in top-level code.
 */
function runtimeImports(file: ts.SourceFile, program: ts.Program): string[] {
  const specifiers: string[] = [];
  const elides =
    program.getCompilerOptions().verbatimModuleSyntax !== true && !/\.(js|mjs|cjs|jsx)$/.test(file.fileName);
  let valueNames: Set<string> | undefined;
  const usedAsValue = (name: string): boolean => {
    valueNames ??= valueReferences(file);
    return valueNames.has(name);
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const clause = statement.importClause;
      if (clause === undefined) {
        specifiers.push(statement.moduleSpecifier.text);
        continue;
      }
      if (clause.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
      if (!elides || valueBindingNames(clause).some(usedAsValue))
        specifiers.push(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier !== undefined &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      !statement.isTypeOnly
    ) {
      const clause = statement.exportClause;
      const allTypes =
        clause !== undefined &&
        ts.isNamedExports(clause) &&
        clause.elements.every((element) => element.isTypeOnly);
      if (!allTypes) specifiers.push(statement.moduleSpecifier.text);
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      !statement.isTypeOnly &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      specifiers.push(statement.moduleReference.expression.text);
    }
  }
  // await import('./b') at top level: the module waits for b, which may wait for it.
  const dynamic = topLevelNodes(file, (node) => {
    if (!ts.isAwaitExpression(node)) return undefined;
    const call = skipOuter(node.expression);
    if (!ts.isCallExpression(call) || call.expression.kind !== ts.SyntaxKind.ImportKeyword) return undefined;
    const argument = call.arguments[0];
    return argument !== undefined && ts.isStringLiteralLike(argument) ? argument.text : undefined;
  });
  specifiers.push(...dynamic);
  return specifiers;
}

/** Names the file uses as values (outside its import declarations and type positions). Needs no parent pointers. */
function valueReferences(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const walk = (node: ts.Node, parent: ts.Node, inType: boolean): void => {
    if (ts.isImportDeclaration(node)) return;
    const typeHere = inType || (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node));
    if (ts.isIdentifier(node) && !typeHere && isNameUseIn(node, parent)) names.add(node.text);
    if (ts.isShorthandPropertyAssignment(node)) names.add(node.name.text);
    if (ts.isExportSpecifier(node) && !node.isTypeOnly) names.add((node.propertyName ?? node.name).text);
    ts.forEachChild(node, (child) => {
      walk(child, node, typeHere);
    });
  };
  ts.forEachChild(file, (child) => {
    walk(child, file, false);
  });
  return names;
}

function resolve(
  program: ts.Program,
  file: ts.SourceFile,
  specifier: string,
  files: FileReader,
): string | undefined {
  const withResolution = program as ts.Program & ProgramWithResolution;
  const mode = file.impliedNodeFormat;
  const cached = withResolution.getResolvedModule?.(file, specifier, mode);
  if (cached?.resolvedModule !== undefined) return cached.resolvedModule.resolvedFileName;
  const host: ts.ModuleResolutionHost = {
    fileExists: (path) => files.fileExists(path),
    readFile: (path) => files.readFile(path),
  };
  return ts.resolveModuleName(
    specifier,
    file.fileName,
    program.getCompilerOptions(),
    host,
    undefined,
    undefined,
    mode,
  ).resolvedModule?.resolvedFileName;
}

/** Tarjan's algorithm without recursion: the strongly connected components of the graph. */
function stronglyConnected(
  nodes: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next] as string;
        frame.next += 1;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter);
          counter += 1;
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        for (;;) {
          const member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
          if (member === frame.node) break;
        }
        components.push(component);
      }
    }
  }
  return components;
}

/** The shortest path from `start` back to itself inside the component (breadth-first). */
function cyclePath(
  start: string,
  members: ReadonlySet<string>,
  edges: ReadonlyMap<string, readonly string[]>,
): string[] | undefined {
  const previous = new Map<string, string>();
  const queue: string[] = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head] as string;
    for (const target of edges.get(node) ?? []) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (
          let current: string | undefined = node;
          current !== undefined && current !== start;
          current = previous.get(current)
        ) {
          path.push(current);
        }
        path.push(start);
        // path holds start, then the nodes walking backwards, then start: put the middle in forward order.
        return [start, ...path.slice(1, -1).reverse(), start];
      }
      if (!previous.has(target) && target !== start) {
        previous.set(target, node);
        queue.push(target);
      }
    }
  }
  return undefined;
}

/**
 * The dynamic `import('./x.js')` loads a module of the program whose evaluation only defines: its top level declares
 * functions, classes (without decorators, static blocks or static fields computed by a call), types and values
 * computed without a call (`const table = { … }`, `export const f = () => …`),
 * imports bindings (no bare `import './polyfill'`) and re-exports. Loading such modules in any order, or together,
 * leaves the program the same: nothing but definitions runs. False for a module outside the program (a library's
 * `import('chalk')` may patch globals as it loads) or one that cannot be resolved.
 *
 * @example
 * ```ts
 * importLoadsDefinitionsOnly(context.program, call, context.files) // `await import('./plugin-html.js')`
 * ```
 */
export function importLoadsDefinitionsOnly(
  program: ts.Program,
  call: ts.CallExpression,
  files: FileReader,
): boolean {
  if (call.expression.kind !== ts.SyntaxKind.ImportKeyword) return false;
  const argument = call.arguments[0];
  if (argument === undefined || !ts.isStringLiteralLike(argument)) return false;
  const resolved = resolve(program, call.getSourceFile(), argument.text, files);
  if (resolved === undefined || /[\\/]node_modules[\\/]/.test(resolved)) return false;
  const target = program.getSourceFile(resolved);
  if (target === undefined || target.isDeclarationFile) return false;
  return target.statements.every(definesOnly);
}

/** A top-level statement whose evaluation only defines names. */
function definesOnly(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement)) return statement.importClause !== undefined;
  if (
    ts.isExportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement) ||
    ts.isFunctionDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement)
  )
    return true;
  if (ts.isClassDeclaration(statement))
    return (
      (ts.getDecorators(statement) ?? []).length === 0 &&
      statement.members.every(
        (member) =>
          !ts.isClassStaticBlockDeclaration(member) &&
          !(
            ts.isPropertyDeclaration(member) &&
            member.initializer !== undefined &&
            (member.modifiers ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) &&
            runsCode(member.initializer)
          ),
      )
    );
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.every(
      (declaration) => declaration.initializer === undefined || !runsCode(declaration.initializer),
    );
  if (ts.isExportAssignment(statement)) return !runsCode(statement.expression);
  // 'use strict'
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/** The expression calls, constructs, awaits or assigns something outside the functions it defines. */
function runsCode(expression: ts.Node): boolean {
  let runs = false;
  const walk = (node: ts.Node): void => {
    if (runs || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (
      ts.isCallExpression(node) ||
      ts.isNewExpression(node) ||
      ts.isTaggedTemplateExpression(node) ||
      ts.isAwaitExpression(node) ||
      (ts.isBinaryExpression(node) &&
        node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment)
    ) {
      runs = true;
      return;
    }
    ts.forEachChild(node, walk);
  };
  walk(expression);
  return runs;
}
