/**
 * The TypeScript 6-shaped `ts.TypeChecker` facade over TypeScript 7's checker: every method the analyzer calls,
 * answered from TypeScript 7 with TypeScript 6 nodes in and TypeScript 6-shaped types, symbols and signatures out.
 *
 * Round trips are what costs (~0.15 ms each), so: the first question on a node of a file asks, in one request each,
 * the symbols and types of the nodes of that file the rules are likely to ask about (`prefetch.ts`); every answer is
 * cached, per node and, for questions on types, symbols and signatures, per TypeScript 7 id for the whole program;
 * questions TypeScript 6 answers without work (the apparent type of an object type is itself…) are answered here.
 *
 * @module
 */
import type {
  Checker as NativeCheckerApi,
  NodeHandle,
  Signature as NativeSignature,
  Symbol as NativeSymbol,
  Type as NativeType,
  TypePredicate as NativeTypePredicate,
} from 'typescript-native/unstable/sync';
import { SignatureKind as NativeSignatureKind } from 'typescript-native/unstable/sync';
import { SyntaxKind as NativeSyntaxKindValues } from 'typescript-native/unstable/ast';
import type { Node as NativeNode, SourceFile as NativeSourceFile } from 'typescript-native/unstable/ast';
import ts from '../../typescript.cjs';
import { asEnum, syntaxKindFromNative } from './enums.js';
import { isNativePanic, NativeEngineError } from './errors.js';
import { findNodeBySpan, NativeFileIndex } from './node-map.js';
import {
  NativeSignatureFacade,
  NativeSymbolFacade,
  NativeTypeFacade,
  type NativeObjects,
} from './objects.js';
import { prefetchNodes } from './prefetch.js';
import type { NativeProgramState } from './program.js';

/** Counters of a checker facade, for tests and benchmarks. */
export interface NativeCheckerStats {
  /** Questions the analyzer asked the facade. */
  questions: number;
  /** Of them, answered from a prefetch or a cache. */
  answeredLocally: number;
  /** Files whose nodes were prefetched. */
  prefetchedFiles: number;
  /** Nodes asked about in prefetch requests. */
  prefetchedNodes: number;
  /** Declarations of TypeScript 7 symbols that could not be mapped to a TypeScript 6 node. */
  unmappedDeclarations: number;
}

/** The TypeScript 6-shaped checker the analyzer uses; {@link nativeCheckerStats} reads its counters. */
export type NativeTypeChecker = Pick<
  ts.TypeChecker,
  | 'getSymbolAtLocation'
  | 'getTypeAtLocation'
  | 'getAliasedSymbol'
  | 'getPropertyOfType'
  | 'getPropertiesOfType'
  | 'getReturnTypeOfSignature'
  | 'getNonNullableType'
  | 'getTypeOfSymbol'
  | 'getApparentType'
  | 'getContextualType'
  | 'getShorthandAssignmentValueSymbol'
  | 'getResolvedSignature'
  | 'getSignatureFromDeclaration'
  | 'isTupleType'
  | 'isArrayType'
  | 'getBaseTypes'
  | 'getTypePredicateOfSignature'
  | 'getTypeOfSymbolAtLocation'
  | 'getTypeArguments'
  | 'getSignaturesOfType'
  | 'typeToString'
>;

const statsByChecker = new WeakMap<object, NativeCheckerStats>();

/** The counters of a checker made by {@link createNativeChecker}, or undefined for a TypeScript 6 checker. */
export function nativeCheckerStats(checker: ts.TypeChecker): NativeCheckerStats | undefined {
  return statsByChecker.get(checker);
}

interface IndexedFile {
  readonly native: NativeSourceFile;
  readonly index: NativeFileIndex;
}

/** Flags of types whose apparent type TypeScript 6 computes (`getApparentType`); any other type is its own. */
const apparentTypeWork =
  ts.TypeFlags.Instantiable |
  ts.TypeFlags.Intersection |
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.NonPrimitive |
  ts.TypeFlags.Index |
  ts.TypeFlags.Unknown;

/**
 * The kinds of type whose apparent type TypeScript 6 takes from one global type, in its order of tests
 * (`getApparentType`: string-like → `String`, number-like → `Number`, …, `object` → `{}`).
 */
const primitiveCategories: readonly (readonly [ts.TypeFlags, string])[] = [
  [ts.TypeFlags.StringLike, 'string'],
  [ts.TypeFlags.NumberLike, 'number'],
  [ts.TypeFlags.BigIntLike, 'bigint'],
  [ts.TypeFlags.BooleanLike, 'boolean'],
  [ts.TypeFlags.ESSymbolLike, 'symbol'],
  [ts.TypeFlags.NonPrimitive, 'object'],
];

function primitiveCategory(flags: ts.TypeFlags): string | undefined {
  if (flags & (ts.TypeFlags.Intersection | ts.TypeFlags.Object)) return undefined;
  return primitiveCategories.find(([mask]) => (flags & mask) !== 0)?.[1];
}

/** Flags of types that `getNonNullableType` returns unchanged under strictNullChecks. */
const neverNullable =
  ts.TypeFlags.Object |
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.ESSymbolLike |
  ts.TypeFlags.EnumLike |
  ts.TypeFlags.NonPrimitive |
  ts.TypeFlags.Never;
const mayBeNullable = ts.TypeFlags.Instantiable | ts.TypeFlags.UnionOrIntersection;

/** Symbols whose type the symbol-type prefetch asks (values that are no alias). */
const symbolsWithTypes =
  ts.SymbolFlags.Variable |
  ts.SymbolFlags.Property |
  ts.SymbolFlags.Accessor |
  ts.SymbolFlags.Function |
  ts.SymbolFlags.Method;

/**
 * Property names read from a type's property list: plain names only. A name with leading underscores is escaped
 * differently by the two versions, and private (`#x`) and symbol-keyed (`__@iterator@12`) names are spelled differently.
 */
const listableName = /^[A-Za-z$][\w$]*$/;

/** How many names are asked of a type one by one before its property list is asked instead (see `listedProperty`). */
const namesAskedBeforePropertyList = 2;

/** The fewest symbols whose types a file's prefetch asks in one request (see `prefetchSymbolTypes`). */
const minimumSymbolTypeBatch = 3;

class NativeCheckerFacade implements NativeObjects {
  readonly stats: NativeCheckerStats = {
    questions: 0,
    answeredLocally: 0,
    prefetchedFiles: 0,
    prefetchedNodes: 0,
    unmappedDeclarations: 0,
  };
  private readonly checker: NativeCheckerApi;
  private readonly types = new Map<number, ts.Type>();
  private readonly symbols = new Map<number, ts.Symbol>();
  private readonly signatures = new Map<number, ts.Signature>();
  private readonly files = new Map<string, IndexedFile | undefined>();
  private readonly prefetched = new Set<ts.SourceFile>();
  private readonly nodeTypes = new Map<ts.Node, ts.Type | undefined>();
  private readonly nodeSymbols = new Map<ts.Node, ts.Symbol | undefined>();
  private readonly nodeAnswers = new Map<string, Map<ts.Node, unknown>>();
  private readonly typeAnswers = new Map<string, Map<number, unknown>>();
  private readonly symbolTypes = new Map<number, ts.Type>();
  /** Per type id: how many property names were asked of it before its property list was read. */
  private readonly propertyNamesAsked = new Map<number, number>();
  /** Per type id: its properties by name, once its property list was read. */
  private readonly propertyTables = new Map<number, ReadonlyMap<string, ts.Symbol>>();
  private readonly strictNullChecks: boolean;
  private errorTypeValue: ts.Type | undefined;

  constructor(private readonly state: NativeProgramState) {
    this.checker = state.project.current().checker;
    const options = state.options;
    this.strictNullChecks = options.strictNullChecks ?? options.strict ?? true;
  }

  // ── NativeObjects ──

  ask<T>(what: string, call: () => T): T {
    try {
      return call();
    } catch (error) {
      if (error instanceof NativeEngineError) throw error;
      throw new NativeEngineError(`TypeScript 7 failed to answer ${what}: ${String(error)}`, error);
    }
  }

  unanswered(): ts.Type {
    return this.errorType();
  }

  /**
   * Asks for a type where TypeScript 7's process may panic (TypeScript 7.0.2 does on the type of a type-only import
   * clause — a nil pointer, or `checker.TypeData is *checker.TypeReference, not *checker.TupleType`, met in outline,
   * excalidraw and unstorage): a panic is no answer (the caller's unknown type), not a rule failing on the file.
   */
  private askType<T>(what: string, call: () => T | undefined): T | undefined {
    try {
      return this.ask(what, call);
    } catch (error) {
      if (isNativePanic(error)) return undefined;
      throw error;
    }
  }

  type(native: NativeType): ts.Type {
    let type = this.types.get(native.id);
    if (type === undefined) {
      type = new NativeTypeFacade(native, this) as unknown as ts.Type;
      this.types.set(native.id, type);
    }
    return type;
  }

  symbol(native: NativeSymbol): ts.Symbol {
    let symbol = this.symbols.get(native.id);
    if (symbol === undefined) {
      symbol = new NativeSymbolFacade(native, this) as unknown as ts.Symbol;
      this.symbols.set(native.id, symbol);
    }
    return symbol;
  }

  signature(native: NativeSignature): ts.Signature {
    let signature = this.signatures.get(native.id);
    if (signature === undefined) {
      signature = new NativeSignatureFacade(native, this) as unknown as ts.Signature;
      this.signatures.set(native.id, signature);
    }
    return signature;
  }

  declaration(handle: NodeHandle): ts.Declaration | undefined {
    const kind = syntaxKindFromNative(handle.kind);
    const file = this.indexed(handle.path);
    const span = file?.index.spanAt(handle.index);
    const sourceFile = this.state.sourceFile(handle.path);
    const node =
      kind === undefined || span === undefined || sourceFile === undefined
        ? undefined
        : findNodeBySpan(sourceFile, span.pos, span.end, kind);
    if (node === undefined) this.stats.unmappedDeclarations++;
    return node as ts.Declaration | undefined;
  }

  signaturesOf(type: NativeType, kind: ts.SignatureKind): readonly ts.Signature[] {
    return this.cachedOnType(`signatures${kind}`, type, () =>
      this.ask('getSignaturesOfType', () =>
        this.checker.getSignaturesOfType(type, asEnum(kind, NativeSignatureKind)),
      ).map((s) => this.signature(s)),
    );
  }

  propertiesOf(type: NativeType): readonly ts.Symbol[] {
    return this.cachedOnType('properties', type, () =>
      this.ask('getPropertiesOfType', () => this.checker.getPropertiesOfType(type)).map((s) =>
        this.symbol(s),
      ),
    );
  }

  propertyOf(type: NativeType, name: string): ts.Symbol | undefined {
    return this.cachedOnType(`property:${name}`, type, () => {
      const listed = this.listedProperty(type, name);
      if (listed !== undefined) {
        this.stats.answeredLocally++;
        return listed;
      }
      const native = this.ask('getPropertyOfType', () => this.checker.getPropertyOfType(type, name));
      return native === undefined ? undefined : this.symbol(native);
    });
  }

  /**
   * The property `name` of `type` found in the type's property list, or undefined when it is not there or the list is
   * not read for it (then `getPropertyOfType` is asked). Both checker methods read the same members of the same
   * reduced apparent type (a union's or intersection's combined properties from the same per-type cache), so a name in
   * the list is the symbol `getPropertyOfType` gives; a name not in it may still be a property (`Function`'s and
   * `Object`'s members are added by `getPropertyOfType` only), so it is asked. The list is asked when a third name is
   * asked of the same type, or read when a rule asked for it already: a list costs about two single lookups (its
   * payload is every member), and most types are asked one or two names (mongodb: 1,549 single lookups on 623 types;
   * a generated project of small files: two names on each of 1,000 `Promise` types, where the list at the second
   * name replaced 1,000 single lookups by 1,000 lists, 386 ms against 190 ms of requests).
   */
  private listedProperty(type: NativeType, name: string): ts.Symbol | undefined {
    if (!listableName.test(name) || !this.hasPropertyList(type)) return undefined;
    let table = this.propertyTables.get(type.id);
    if (table === undefined) {
      const askedBefore = this.propertyNamesAsked.get(type.id) ?? 0;
      this.propertyNamesAsked.set(type.id, askedBefore + 1);
      if (askedBefore < namesAskedBeforePropertyList && !this.typeAnswers.get('properties')?.has(type.id)) {
        return undefined;
      }
      table = new Map(this.propertiesOf(type).map((symbol) => [symbol.escapedName as string, symbol]));
      this.propertyTables.set(type.id, table);
    }
    return table.get(name);
  }

  /**
   * True when `type`'s property list holds every property `getPropertyOfType` finds by a plain name: an object type
   * (a mapped one is left out: its list can be long and costly to build) or a union or intersection. A module's
   * namespace object is left out unless its symbol is known not to be one: `getPropertyOfType` hides the names a
   * module re-exports with `export type *`, which its list keeps.
   */
  private hasPropertyList(type: NativeType): boolean {
    const facade = this.type(type);
    if (facade.flags & ts.TypeFlags.UnionOrIntersection) return true;
    if (!(facade.flags & ts.TypeFlags.Object)) return false;
    const objectFlags = (facade as ts.ObjectType).objectFlags;
    if (objectFlags & (ts.ObjectFlags.Mapped | ts.ObjectFlags.ReverseMapped)) return false;
    if (objectFlags & (ts.ObjectFlags.Reference | ts.ObjectFlags.ClassOrInterface)) return true;
    const symbolId = (type as unknown as { readonly symbol?: number }).symbol;
    if (!symbolId) return true;
    const symbol = this.symbols.get(symbolId);
    return symbol !== undefined && (symbol.flags & ts.SymbolFlags.ValueModule) === 0;
  }

  baseTypesOf(type: NativeType): readonly ts.BaseType[] {
    return this.cachedOnType('baseTypes', type, () =>
      this.ask('getBaseTypes', () =>
        this.checker.getBaseTypes(type as Parameters<NativeCheckerApi['getBaseTypes']>[0]),
      ).map((base) => this.type(base)),
    );
  }

  nonNullableOf(type: NativeType): ts.Type {
    const flags = type.flags as number;
    if (!this.strictNullChecks || (flags & neverNullable && !(flags & mayBeNullable))) {
      this.stats.answeredLocally++;
      return this.type(type);
    }
    return this.cachedOnType('nonNullable', type, () => {
      const native = this.askType('getNonNullableType', () => this.checker.getNonNullableType(type));
      return native === undefined ? this.type(type) : this.type(native);
    });
  }

  returnTypeOf(signature: NativeSignature): ts.Type {
    return this.cachedOnId('returnType', signature.id, () => {
      const native = this.askType('getReturnTypeOfSignature', () =>
        this.checker.getReturnTypeOfSignature(signature),
      );
      return native === undefined ? this.errorType() : this.type(native);
    });
  }

  // ── caches ──

  private cachedOnId<T>(question: string, id: number, compute: () => T): T {
    let answers = this.typeAnswers.get(question);
    if (answers === undefined) {
      answers = new Map();
      this.typeAnswers.set(question, answers);
    }
    if (answers.has(id)) {
      this.stats.answeredLocally++;
      return answers.get(id) as T;
    }
    const answer = compute();
    answers.set(id, answer);
    return answer;
  }

  private cachedOnType<T>(question: string, type: NativeType, compute: () => T): T {
    return this.cachedOnId(question, type.id, compute);
  }

  private cachedOnNode<T>(question: string, node: ts.Node, compute: () => T): T {
    let answers = this.nodeAnswers.get(question);
    if (answers === undefined) {
      answers = new Map();
      this.nodeAnswers.set(question, answers);
    }
    if (answers.has(node)) {
      this.stats.answeredLocally++;
      return answers.get(node) as T;
    }
    const answer = compute();
    answers.set(node, answer);
    return answer;
  }

  /** What TypeScript 6 returns where it has no type: the error type (TypeScript 7's, which is `any`-flagged). */
  private errorType(): ts.Type {
    this.errorTypeValue ??= this.type(this.ask('getAnyType', () => this.checker.getAnyType()));
    return this.errorTypeValue;
  }

  // ── nodes ──

  private indexed(fileName: string): IndexedFile | undefined {
    if (this.files.has(fileName)) return this.files.get(fileName);
    const native = this.ask('getSourceFile', () =>
      this.state.project.current().program.getSourceFile(fileName),
    );
    const file = native === undefined ? undefined : { native, index: new NativeFileIndex(native) };
    this.files.set(fileName, file);
    return file;
  }

  private nativeNode(node: ts.Node): NativeNode | undefined {
    if (node.pos < 0) return undefined;
    const sourceFile = node.getSourceFile() as ts.SourceFile | undefined;
    if (sourceFile === undefined) return undefined;
    return this.indexed(sourceFile.fileName)?.index.nodeFor(node);
  }

  private nativeNodes(nodes: readonly ts.Node[]): { nodes: ts.Node[]; native: NativeNode[] } {
    const kept: ts.Node[] = [];
    const native: NativeNode[] = [];
    for (const node of nodes) {
      const mapped = this.nativeNode(node);
      if (mapped === undefined) continue;
      kept.push(node);
      native.push(mapped);
    }
    return { nodes: kept, native };
  }

  /** Asks, in one request each, the symbols and types of the nodes of `node`'s file the rules are likely to read. */
  private prefetch(node: ts.Node): void {
    const sourceFile = node.getSourceFile() as ts.SourceFile | undefined;
    if (sourceFile === undefined || sourceFile.isDeclarationFile || this.prefetched.has(sourceFile)) return;
    this.prefetched.add(sourceFile);
    if (this.state.sourceFile(sourceFile.fileName) !== sourceFile) return;
    this.stats.prefetchedFiles++;
    const wanted = prefetchNodes(sourceFile);
    const symbolNodes = this.nativeNodes(wanted.symbols.filter((n) => !this.nodeSymbols.has(n)));
    if (symbolNodes.native.length > 0) {
      const answers = this.ask('getSymbolsAtLocations', () =>
        this.checker.getSymbolAtLocation(symbolNodes.native),
      );
      symbolNodes.nodes.forEach((n, i) => {
        const answer = answers[i];
        this.nodeSymbols.set(n, answer === undefined ? undefined : this.symbol(answer));
      });
      this.stats.prefetchedNodes += symbolNodes.native.length;
    }
    this.prefetchSymbolTypes(wanted.symbolTypes);
    const typeNodes = this.nativeNodes(wanted.types.filter((n) => !this.nodeTypes.has(n)));
    if (typeNodes.native.length > 0) {
      // A panic on one node loses the batch: its nodes are then asked one by one, as unprefetched nodes are.
      const answers =
        this.askType('getTypeAtLocations', () => this.checker.getTypeAtLocation(typeNodes.native)) ?? [];
      if (answers.length === 0) return;
      typeNodes.nodes.forEach((n, i) => {
        const answer = answers[i];
        this.nodeTypes.set(n, answer === undefined ? undefined : this.type(answer));
      });
      this.stats.prefetchedNodes += typeNodes.native.length;
    }
  }

  /**
   * Asks, in one request, the types of the symbols `nodes` name (their symbols are known by now), leaving out aliases
   * (their type is their target's, asked by the target) and symbols whose type is known or that have none to ask.
   */
  private prefetchSymbolTypes(nodes: readonly ts.Node[]): void {
    const wanted = new Map<number, NativeSymbol>();
    for (const node of nodes) {
      const symbol = this.nodeSymbols.get(node);
      if (symbol === undefined || (symbol.flags & symbolsWithTypes) === 0) continue;
      const native = nativeOf(symbol, NativeSymbolFacade);
      if (!this.symbolTypes.has(native.id)) wanted.set(native.id, native);
    }
    // A batch costs a round trip, as one single question does, and rules ask only some of these types: a file with
    // fewer symbols than this leaves them to be asked if and when a rule does (mongodb: 30 fewer batches for 17 more
    // single questions).
    if (wanted.size < minimumSymbolTypeBatch) return;
    const symbols = [...wanted.values()];
    // A panic loses the batch: the symbols are then asked one by one, when a rule asks.
    const answers = this.askType('getTypesOfSymbols', () => this.checker.getTypeOfSymbol(symbols)) ?? [];
    if (answers.length === 0) return;
    symbols.forEach((symbol, i) => {
      const answer = answers[i];
      this.symbolTypes.set(symbol.id, answer === undefined ? this.errorType() : this.type(answer));
    });
    this.stats.prefetchedNodes += symbols.length;
  }

  // ── ts.TypeChecker ──

  getSymbolAtLocation(node: ts.Node): ts.Symbol | undefined {
    this.stats.questions++;
    this.prefetch(node);
    if (this.nodeSymbols.has(node)) {
      this.stats.answeredLocally++;
      return this.nodeSymbols.get(node);
    }
    const native = this.nativeNode(node);
    const answer =
      native === undefined
        ? undefined
        : this.ask('getSymbolAtLocation', () => this.checker.getSymbolAtLocation(native));
    const symbol = answer === undefined ? undefined : this.symbol(answer);
    this.nodeSymbols.set(node, symbol);
    return symbol;
  }

  getTypeAtLocation(node: ts.Node): ts.Type {
    this.stats.questions++;
    this.prefetch(node);
    if (this.nodeTypes.has(node)) {
      this.stats.answeredLocally++;
      return this.nodeTypes.get(node) ?? this.errorType();
    }
    const native = this.nativeNode(node);
    const answer =
      native === undefined
        ? undefined
        : this.askType('getTypeAtLocation', () => this.checker.getTypeAtLocation(native));
    const type = answer === undefined ? undefined : this.type(answer);
    this.nodeTypes.set(node, type);
    return type ?? this.errorType();
  }

  getContextualType(node: ts.Expression, contextFlags?: number): ts.Type | undefined {
    this.stats.questions++;
    if (contextFlags !== undefined && contextFlags !== 0) {
      throw new NativeEngineError(
        "getContextualType with context flags is not supported by TypeScript 7's API",
      );
    }
    return this.cachedOnNode('contextualType', node, () => {
      const native = this.nativeNode(node);
      const answer =
        native === undefined
          ? undefined
          : this.askType('getContextualType', () =>
              this.checker.getContextualType(native as Parameters<NativeCheckerApi['getContextualType']>[0]),
            );
      return answer === undefined ? undefined : this.type(answer);
    });
  }

  getResolvedSignature(node: ts.CallLikeExpression): ts.Signature | undefined {
    this.stats.questions++;
    return this.cachedOnNode('resolvedSignature', node, () => {
      const native = this.nativeNode(node);
      const answer =
        native === undefined
          ? undefined
          : this.ask('getResolvedSignature', () => this.checker.getResolvedSignature(native));
      return answer === undefined ? undefined : this.signature(answer);
    });
  }

  getShorthandAssignmentValueSymbol(node: ts.Node | undefined): ts.Symbol | undefined {
    this.stats.questions++;
    if (node === undefined) return undefined;
    return this.cachedOnNode('shorthandValueSymbol', node, () => {
      const native = this.nativeNode(node);
      const answer =
        native === undefined
          ? undefined
          : this.ask('getShorthandAssignmentValueSymbol', () =>
              this.checker.getShorthandAssignmentValueSymbol(native),
            );
      return answer === undefined ? undefined : this.symbol(answer);
    });
  }

  getSignatureFromDeclaration(declaration: ts.SignatureDeclaration): ts.Signature | undefined {
    this.stats.questions++;
    return this.cachedOnNode('signatureFromDeclaration', declaration, () => {
      const native = this.nativeNode(declaration);
      const answer =
        native === undefined
          ? undefined
          : this.ask('getSignatureFromDeclaration', () => this.checker.getSignatureFromDeclaration(native));
      return answer === undefined ? undefined : this.signature(answer);
    });
  }

  getTypeOfSymbolAtLocation(symbol: ts.Symbol, node: ts.Node): ts.Type {
    this.stats.questions++;
    const native = this.nativeNode(node);
    if (native === undefined) return this.getTypeOfSymbol(symbol);
    const nativeSymbol = nativeOf(symbol, NativeSymbolFacade);
    const answer = this.askType('getTypeOfSymbolAtLocation', () =>
      this.checker.getTypeOfSymbolAtLocation(nativeSymbol, native),
    );
    return answer === undefined ? this.errorType() : this.type(answer);
  }

  getTypeOfSymbol(symbol: ts.Symbol): ts.Type {
    this.stats.questions++;
    const nativeSymbol = nativeOf(symbol, NativeSymbolFacade);
    const cached = this.symbolTypes.get(nativeSymbol.id);
    if (cached !== undefined) {
      this.stats.answeredLocally++;
      return cached;
    }
    const answer = this.askType('getTypeOfSymbol', () => this.checker.getTypeOfSymbol(nativeSymbol));
    const type = answer === undefined ? this.errorType() : this.type(answer);
    this.symbolTypes.set(nativeSymbol.id, type);
    return type;
  }

  getAliasedSymbol(symbol: ts.Symbol): ts.Symbol {
    this.stats.questions++;
    const nativeSymbol = nativeOf(symbol, NativeSymbolFacade);
    return this.cachedOnId(
      'aliasedSymbol',
      nativeSymbol.id,
      () =>
        this.importedSymbol(symbol) ??
        this.symbol(this.ask('getAliasedSymbol', () => this.checker.getAliasedSymbol(nativeSymbol))),
    );
  }

  /**
   * What a named import (`import { a } from './m'`, `import { a as b } from './m'`) or a default import of a
   * TypeScript source file (`import A from './a'`) resolves to, read from the exports of its module: the checker
   * resolves such an import to the module's export of that name, itself resolved when it is an alias
   * (`export { a } from './n'`, asked once for every file importing it). The module's symbol is one of the nodes asked
   * in advance, its exports one request per module, where each import was one request. Left to the checker
   * (undefined): other imports (a namespace import, `import x = require()`, JavaScript's `require`), a default import
   * of any other module, a module with `export =` (its members are its value's properties), and a name the module
   * does not export.
   */
  private importedSymbol(alias: ts.Symbol): ts.Symbol | undefined {
    const declarations = alias.declarations;
    const declaration = declarations?.length === 1 ? declarations[0] : undefined;
    if (declaration === undefined) return undefined;
    let exportName: string;
    let importDeclaration: ts.Node;
    if (ts.isImportSpecifier(declaration)) {
      const name = declaration.propertyName ?? declaration.name;
      if (!ts.isIdentifier(name) || name.text === 'default') return undefined;
      exportName = name.escapedText as string;
      importDeclaration = declaration.parent.parent.parent;
    } else if (ts.isImportClause(declaration) && declaration.name !== undefined) {
      exportName = 'default';
      importDeclaration = declaration.parent;
    } else {
      return undefined;
    }
    // An `import` statement (not a JSDoc `@import` tag).
    if (!ts.isImportDeclaration(importDeclaration)) return undefined;
    const module = this.getSymbolAtLocation(importDeclaration.moduleSpecifier);
    if (module === undefined || (module.flags & ts.SymbolFlags.ValueModule) === 0) return undefined;
    // A default import is the module's `default` export only in a TypeScript source file: a JavaScript or declaration
    // file, a JSON module, an ambient module may give the module itself (a synthetic default) instead.
    if (exportName === 'default' && !isTypeScriptSource(module)) return undefined;
    const exports = this.exportsOf(nativeOf(module, NativeSymbolFacade));
    if (exports.has('export=')) return undefined;
    const exported = exports.get(exportName);
    if (exported === undefined) return undefined;
    this.stats.answeredLocally++;
    return exported.flags & ts.SymbolFlags.Alias ? this.getAliasedSymbol(exported) : exported;
  }

  /** A module's exports by escaped name (`export *` included), one request per module. */
  private exportsOf(module: NativeSymbol): ReadonlyMap<string, ts.Symbol> {
    return this.cachedOnId(
      'exports',
      module.id,
      () =>
        new Map(
          this.ask('getExportsOfModule', () => this.checker.getExportsOfModule(module)).map((native) => [
            native.escapedName as string,
            this.symbol(native),
          ]),
        ),
    );
  }

  getPropertyOfType(type: ts.Type, name: string): ts.Symbol | undefined {
    this.stats.questions++;
    return this.propertyOf(nativeOf(type, NativeTypeFacade), name);
  }

  getPropertiesOfType(type: ts.Type): ts.Symbol[] {
    this.stats.questions++;
    return [...this.propertiesOf(nativeOf(type, NativeTypeFacade))];
  }

  getSignaturesOfType(type: ts.Type, kind: ts.SignatureKind): readonly ts.Signature[] {
    this.stats.questions++;
    return this.signaturesOf(nativeOf(type, NativeTypeFacade), kind);
  }

  getReturnTypeOfSignature(signature: ts.Signature): ts.Type {
    this.stats.questions++;
    return this.returnTypeOf(nativeOf(signature, NativeSignatureFacade));
  }

  getNonNullableType(type: ts.Type): ts.Type {
    this.stats.questions++;
    return this.nonNullableOf(nativeOf(type, NativeTypeFacade));
  }

  getApparentType(type: ts.Type): ts.Type {
    this.stats.questions++;
    const native = nativeOf(type, NativeTypeFacade);
    // TypeScript 6's getApparentType returns any other type unchanged (a mapped type's apparent type is computed).
    if (!(type.flags & apparentTypeWork) && !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped)) {
      this.stats.answeredLocally++;
      return type;
    }
    // A primitive's apparent type is its global wrapper (`String`…), the same for every type of its kind.
    const category =
      (type.flags & ts.TypeFlags.Instantiable) === 0 ? primitiveCategory(type.flags) : undefined;
    const ask = (): ts.Type => {
      const answer = this.askType('getApparentType', () => this.checker.getApparentType(native));
      return answer === undefined ? type : this.type(answer);
    };
    return category === undefined
      ? this.cachedOnType('apparentType', native, ask)
      : this.cachedOnId(`apparentType:${category}`, 0, ask);
  }

  getBaseTypes(type: ts.InterfaceType): ts.BaseType[] {
    this.stats.questions++;
    return [...this.baseTypesOf(nativeOf(type, NativeTypeFacade))];
  }

  getTypeArguments(type: ts.TypeReference): readonly ts.Type[] {
    this.stats.questions++;
    const native = nativeOf(type, NativeTypeFacade);
    return this.cachedOnType('typeArguments', native, () =>
      this.ask('getTypeArguments', () =>
        this.checker.getTypeArguments(native as Parameters<NativeCheckerApi['getTypeArguments']>[0]),
      ).map((argument) => this.type(argument)),
    );
  }

  isArrayType(type: ts.Type): boolean {
    this.stats.questions++;
    if (!((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return false;
    const native = nativeOf(type, NativeTypeFacade);
    return this.cachedOnType('isArrayType', native, () =>
      this.ask('isArrayType', () => this.checker.isArrayType(native)),
    );
  }

  isTupleType(type: ts.Type): boolean {
    this.stats.questions++;
    if (!((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference)) return false;
    const native = nativeOf(type, NativeTypeFacade);
    return this.cachedOnType('isTupleType', native, () =>
      this.ask('isTupleType', () => this.checker.isTupleType(native)),
    );
  }

  getTypePredicateOfSignature(signature: ts.Signature): ts.TypePredicate | undefined {
    this.stats.questions++;
    const native = nativeOf(signature, NativeSignatureFacade);
    return this.cachedOnId('typePredicate', native.id, () => {
      if (this.declaresNoPredicate(native)) {
        this.stats.answeredLocally++;
        return undefined;
      }
      const predicate = this.ask('getTypePredicateOfSignature', () =>
        this.checker.getTypePredicateOfSignature(native),
      );
      return predicate === undefined ? undefined : this.typePredicate(predicate);
    });
  }

  /**
   * The signature's declaration, already fetched, states a return type that is not a type predicate: the checker
   * infers no predicate then (it infers one only for a function without a return type), so there is none.
   */
  private declaresNoPredicate(signature: NativeSignature): boolean {
    const handle = signature.declaration;
    if (handle === undefined) return false;
    const file = this.files.get(handle.path);
    const node = file?.index.nodeAt(handle.index) as { readonly type?: NativeNode } | undefined;
    const returnType = node?.type;
    return returnType !== undefined && returnType.kind !== NativeSyntaxKindValues.TypePredicate;
  }

  typeToString(type: ts.Type, enclosingDeclaration?: ts.Node, flags?: ts.TypeFormatFlags): string {
    this.stats.questions++;
    const native = nativeOf(type, NativeTypeFacade);
    const enclosing = enclosingDeclaration === undefined ? undefined : this.nativeNode(enclosingDeclaration);
    if (enclosing === undefined && flags === undefined) {
      return this.cachedOnType('typeToString', native, () =>
        this.ask('typeToString', () => this.checker.typeToString(native)),
      );
    }
    return this.ask('typeToString', () => this.checker.typeToString(native, enclosing, flags));
  }

  private typePredicate(predicate: NativeTypePredicate): ts.TypePredicate {
    const type = predicate.type === undefined ? undefined : this.type(predicate.type);
    return {
      // TypePredicateKind is equal in both versions (enums.ts checks it when it loads).
      kind: asEnum(predicate.kind, ts.TypePredicateKind),
      parameterName: predicate.parameterName,
      parameterIndex: predicate.parameterIndex,
      type,
    } as ts.TypePredicate;
  }
}

/** True when a module is one TypeScript source file of the program (`.ts`, `.tsx`, `.mts`, `.cts`; no declaration file). */
function isTypeScriptSource(module: ts.Symbol): boolean {
  const declarations = module.declarations ?? [];
  const file = declarations.length === 1 ? declarations[0] : undefined;
  return (
    file !== undefined &&
    ts.isSourceFile(file) &&
    !file.isDeclarationFile &&
    (file.flags & (ts.NodeFlags.JavaScriptFile | ts.NodeFlags.JsonFile)) === 0 &&
    /\.[cm]?tsx?$/.test(file.fileName)
  );
}

/** The TypeScript 7 object behind a facade object, or a clear error for an object of another checker. */
function nativeOf<T>(object: object, facade: abstract new (...args: never[]) => { readonly native: T }): T {
  if (object instanceof facade) return object.native;
  throw new NativeEngineError(
    `the native checker was given a ${object.constructor.name} it did not make (a TypeScript 6 object?)`,
  );
}

/** A `ts.TypeChecker` (the part the analyzer uses, {@link NativeTypeChecker}) answering from TypeScript 7. */
export function createNativeChecker(state: NativeProgramState): ts.TypeChecker {
  const facade = new NativeCheckerFacade(state);
  const methods: Record<string, unknown> = {};
  for (const name of Object.getOwnPropertyNames(NativeCheckerFacade.prototype)) {
    const value = (facade as unknown as Record<string, unknown>)[name];
    if (name !== 'constructor' && typeof value === 'function' && /^(get|is|typeToString)/.test(name)) {
      methods[name] = (value as (...args: unknown[]) => unknown).bind(facade);
    }
  }
  const checker = new Proxy(methods, {
    get(target, property) {
      if (typeof property === 'symbol' || property in target) return target[property as string];
      if (property === 'then') return undefined;
      return () => {
        throw new NativeEngineError(`the native engine's checker has no ${property}()`);
      };
    },
  }) as unknown as ts.TypeChecker;
  statsByChecker.set(checker, facade.stats);
  return checker;
}
