/**
 * TypeScript 7's types, symbols and signatures wrapped as TypeScript 6's `ts.Type`, `ts.Symbol` and `ts.Signature`:
 * flags translated, declarations mapped to TypeScript 6 nodes, related objects fetched on first read and cached.
 * One wrapper per TypeScript 7 object, so identity comparisons (`a === b`, `Map` keys) keep working.
 *
 * @module
 */
import type {
  NodeHandle,
  Signature as NativeSignature,
  Symbol as NativeSymbol,
  Type as NativeType,
} from 'typescript-native/unstable/sync';
import ts from '../../typescript.cjs';
import { asEnum, objectFlagsFromNative } from './enums.js';
import { isNativePanic } from './errors.js';

/** What the wrappers ask of the checker facade: canonical wrappers, mapped declarations, cached relations. */
export interface NativeObjects {
  type(native: NativeType): ts.Type;
  symbol(native: NativeSymbol): ts.Symbol;
  signature(native: NativeSignature): ts.Signature;
  /** The TypeScript 6 node of a TypeScript 7 node handle, or undefined when it cannot be mapped. */
  declaration(handle: NodeHandle): ts.Declaration | undefined;
  /** Runs a TypeScript 7 call that may go over the pipe (counted, errors made typed). */
  ask<T>(what: string, call: () => T): T;
  /** The type given where TypeScript 7 cannot answer (`any`, which rules read as code they cannot see into). */
  unanswered(): ts.Type;
  signaturesOf(type: NativeType, kind: ts.SignatureKind): readonly ts.Signature[];
  propertiesOf(type: NativeType): readonly ts.Symbol[];
  propertyOf(type: NativeType, name: string): ts.Symbol | undefined;
  baseTypesOf(type: NativeType): readonly ts.BaseType[];
  nonNullableOf(type: NativeType): ts.Type;
  returnTypeOf(signature: NativeSignature): ts.Type;
}

/** TypeScript 7's fields of a type that its typings leave out (TypeScript 7.0.2's `TypeObject` has them). */
interface NativeTypeFields {
  readonly objectFlags?: number;
  readonly value?: unknown;
  readonly intrinsicName?: string;
  readonly symbol?: number;
  readonly aliasSymbol?: number;
  readonly target?: number;
  readonly texts?: readonly string[];
}

function fields(type: NativeType): NativeTypeFields {
  return type as unknown as NativeTypeFields;
}

/** TypeScript 6's `PseudoBigInt` of a bigint literal's value (TypeScript 7 sends `-123` as a string or bigint). */
function pseudoBigInt(value: unknown): ts.PseudoBigInt {
  const text = String(value).replace(/n$/, '');
  const negative = text.startsWith('-');
  return { negative, base10Value: negative ? text.slice(1) : text };
}

/** A TypeScript 7 type as a TypeScript 6 `ts.Type`. */
export class NativeTypeFacade {
  readonly flags: ts.TypeFlags;
  readonly objectFlags: ts.ObjectFlags;
  /** TypeScript 7's id of the type (unique within its project). */
  readonly id: number;
  readonly intrinsicName: string | undefined;
  private symbolRead = false;
  private symbolValue: ts.Symbol | undefined;
  private aliasRead = false;
  private aliasValue: ts.Symbol | undefined;
  private membersValue: ts.Type[] | undefined;
  private targetValue: ts.GenericType | undefined;

  constructor(
    /** The TypeScript 7 type. */
    readonly native: NativeType,
    private readonly objects: NativeObjects,
  ) {
    // TypeFlags have the same bits in both versions (enums.ts checks it when it loads).
    this.flags = asEnum(native.flags, ts.TypeFlags);
    this.id = native.id;
    this.objectFlags = objectFlagsFromNative(fields(native).objectFlags ?? 0, this.flags);
    this.intrinsicName = fields(native).intrinsicName || undefined;
  }

  /** The type's symbol (`undefined` when it has none, as in TypeScript 6). */
  get symbol(): ts.Symbol {
    if (!this.symbolRead) {
      this.symbolRead = true;
      if (fields(this.native).symbol) {
        const native = this.objects.ask('getSymbolOfType', () => this.native.getSymbol());
        this.symbolValue = native === undefined ? undefined : this.objects.symbol(native);
      }
    }
    return this.symbolValue as ts.Symbol;
  }

  get aliasSymbol(): ts.Symbol | undefined {
    if (!this.aliasRead) {
      this.aliasRead = true;
      if (fields(this.native).aliasSymbol) {
        const native = this.objects.ask('getAliasSymbolOfType', () => this.native.getAliasSymbol());
        this.aliasValue = native === undefined ? undefined : this.objects.symbol(native);
      }
    }
    return this.aliasValue;
  }

  get aliasTypeArguments(): readonly ts.Type[] | undefined {
    if (this.aliasSymbol === undefined) return undefined;
    return this.objects
      .ask('getAliasTypeArgumentsOfType', () => this.native.getAliasTypeArguments())
      .map((type) => this.objects.type(type));
  }

  /** Members of a union, intersection or template literal type. */
  get types(): ts.Type[] {
    if (this.membersValue === undefined) {
      const native = this.native as NativeType & { getTypes?: () => readonly NativeType[] | undefined };
      if (this.flags & (ts.TypeFlags.UnionOrIntersection | ts.TypeFlags.TemplateLiteral) && native.getTypes) {
        try {
          const members = this.objects.ask('getTypesOfType', () => native.getTypes?.() ?? []);
          this.membersValue = members.map((type) => this.objects.type(type));
        } catch (error) {
          // TypeScript 7.0.2's API panics while writing some members out (a tuple reference read as a tuple:
          // `interface conversion: checker.TypeData is *checker.TypeReference, not *checker.TupleType`), met on
          // outline, excalidraw and unstorage. The members are then unknown: one `any` member, as a rule sees a
          // type it cannot see into, rather than a rule failing on the whole file.
          if (!isNativePanic(error)) throw error;
          this.membersValue = [this.objects.unanswered()];
        }
      } else {
        this.membersValue = [];
      }
    }
    return this.membersValue;
  }

  /** The value of a literal type (a bigint's as TypeScript 6's `PseudoBigInt`). */
  get value(): string | number | ts.PseudoBigInt | undefined {
    const value = fields(this.native).value;
    if (this.flags & ts.TypeFlags.BigIntLiteral) return pseudoBigInt(value);
    return typeof value === 'string' || typeof value === 'number' ? value : undefined;
  }

  /** The generic type a type reference instantiates (the type itself for a class or interface). */
  get target(): ts.GenericType {
    if (this.targetValue === undefined && fields(this.native).target) {
      const native = this.native as NativeType & { getTarget?: () => NativeType };
      const target =
        native.getTarget === undefined
          ? undefined
          : this.objects.ask('getTargetOfType', native.getTarget.bind(native));
      if (target !== undefined) this.targetValue = this.objects.type(target) as ts.GenericType;
    }
    return this.targetValue as ts.GenericType;
  }

  /** The texts of a template literal type. */
  get texts(): readonly string[] | undefined {
    return fields(this.native).texts;
  }

  getFlags(): ts.TypeFlags {
    return this.flags;
  }
  getSymbol(): ts.Symbol | undefined {
    return this.symbol;
  }
  getProperties(): ts.Symbol[] {
    return [...this.objects.propertiesOf(this.native)];
  }
  getProperty(name: string): ts.Symbol | undefined {
    return this.objects.propertyOf(this.native, name);
  }
  getApparentProperties(): ts.Symbol[] {
    return this.getProperties();
  }
  getCallSignatures(): readonly ts.Signature[] {
    return this.objects.signaturesOf(this.native, ts.SignatureKind.Call);
  }
  getConstructSignatures(): readonly ts.Signature[] {
    return this.objects.signaturesOf(this.native, ts.SignatureKind.Construct);
  }
  getBaseTypes(): ts.BaseType[] | undefined {
    return this.isClassOrInterface() ? [...this.objects.baseTypesOf(this.native)] : undefined;
  }
  getNonNullableType(): ts.Type {
    return this.objects.nonNullableOf(this.native);
  }
  isUnion(): this is ts.UnionType {
    return (this.flags & ts.TypeFlags.Union) !== 0;
  }
  isIntersection(): this is ts.IntersectionType {
    return (this.flags & ts.TypeFlags.Intersection) !== 0;
  }
  isUnionOrIntersection(): this is ts.UnionOrIntersectionType {
    return (this.flags & ts.TypeFlags.UnionOrIntersection) !== 0;
  }
  isLiteral(): this is ts.LiteralType {
    return (
      (this.flags &
        (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.BigIntLiteral)) !==
      0
    );
  }
  isStringLiteral(): this is ts.StringLiteralType {
    return (this.flags & ts.TypeFlags.StringLiteral) !== 0;
  }
  isNumberLiteral(): this is ts.NumberLiteralType {
    return (this.flags & ts.TypeFlags.NumberLiteral) !== 0;
  }
  isTypeParameter(): this is ts.TypeParameter {
    return (this.flags & ts.TypeFlags.TypeParameter) !== 0;
  }
  isClassOrInterface(): this is ts.InterfaceType {
    return (this.objectFlags & ts.ObjectFlags.ClassOrInterface) !== 0;
  }
  isClass(): this is ts.InterfaceType {
    return (this.objectFlags & ts.ObjectFlags.Class) !== 0;
  }
  isIndexType(): this is ts.IndexType {
    return (this.flags & ts.TypeFlags.Index) !== 0;
  }
}

const privateName = /^__#\d+@(#.*)$/;

/** A TypeScript 7 symbol as a TypeScript 6 `ts.Symbol`. */
export class NativeSymbolFacade {
  readonly flags: ts.SymbolFlags;
  readonly escapedName: ts.__String;
  readonly name: string;
  /** TypeScript 7's id of the symbol (unique within its snapshot). */
  readonly id: number;
  private declarationsValue: ts.Declaration[] | undefined;
  private valueDeclarationRead = false;
  private valueDeclarationValue: ts.Declaration | undefined;

  constructor(
    /** The TypeScript 7 symbol. */
    readonly native: NativeSymbol,
    private readonly objects: NativeObjects,
  ) {
    // SymbolFlags have the same bits in both versions (enums.ts checks it when it loads).
    this.flags = asEnum(native.flags, ts.SymbolFlags);
    // Both versions escape names alike (a leading `__` gets one more `_`).
    this.escapedName = native.escapedName as unknown as ts.__String;
    // TypeScript 7 names a private member by its escaped name (`__#12@#lock`); TypeScript 6 by its own (`#lock`).
    this.name = privateName.exec(native.name)?.[1] ?? native.name;
    this.id = native.id;
  }

  /** Its declarations as TypeScript 6 nodes (those that cannot be mapped are left out). */
  get declarations(): ts.Declaration[] | undefined {
    if (this.declarationsValue === undefined) {
      if (this.native.declarations.length === 0) return undefined;
      this.declarationsValue = this.native.declarations
        .map((handle) => this.objects.declaration(handle))
        .filter((node): node is ts.Declaration => node !== undefined);
    }
    return this.declarationsValue;
  }

  get valueDeclaration(): ts.Declaration | undefined {
    if (!this.valueDeclarationRead) {
      this.valueDeclarationRead = true;
      const handle = this.native.valueDeclaration;
      this.valueDeclarationValue = handle === undefined ? undefined : this.objects.declaration(handle);
    }
    return this.valueDeclarationValue;
  }

  getFlags(): ts.SymbolFlags {
    return this.flags;
  }
  getEscapedName(): ts.__String {
    return this.escapedName;
  }
  getName(): string {
    return this.name;
  }
  getDeclarations(): ts.Declaration[] | undefined {
    return this.declarations;
  }
}

/** A TypeScript 7 signature as a TypeScript 6 `ts.Signature`. */
export class NativeSignatureFacade {
  /** TypeScript 7's id of the signature. */
  readonly id: number;
  private declarationRead = false;
  private declarationValue: ts.SignatureDeclaration | ts.JSDocSignature | undefined;
  private parametersValue: ts.Symbol[] | undefined;
  private typeParametersRead = false;
  private typeParametersValue: ts.TypeParameter[] | undefined;

  constructor(
    /** The TypeScript 7 signature. */
    readonly native: NativeSignature,
    private readonly objects: NativeObjects,
  ) {
    this.id = native.id;
  }

  get declaration(): ts.SignatureDeclaration | ts.JSDocSignature | undefined {
    if (!this.declarationRead) {
      this.declarationRead = true;
      const handle = this.native.declaration;
      const node = handle === undefined ? undefined : this.objects.declaration(handle);
      this.declarationValue = node as ts.SignatureDeclaration | undefined;
    }
    return this.declarationValue;
  }

  get parameters(): readonly ts.Symbol[] {
    this.parametersValue ??= this.objects
      .ask('getParametersOfSignature', () => this.native.getParameters())
      .map((symbol) => this.objects.symbol(symbol));
    return this.parametersValue;
  }

  get typeParameters(): readonly ts.TypeParameter[] | undefined {
    if (!this.typeParametersRead) {
      this.typeParametersRead = true;
      if (this.native.typeParameters !== undefined && this.native.typeParameters.length > 0) {
        this.typeParametersValue = this.objects
          .ask('getTypeParametersOfSignature', () => this.native.getTypeParameters())
          .map((type) => this.objects.type(type));
      }
    }
    return this.typeParametersValue;
  }

  get thisParameter(): ts.Symbol | undefined {
    if (this.native.thisParameter === undefined) return undefined;
    const native = this.objects.ask('getThisParameterOfSignature', () => this.native.getThisParameter());
    return native === undefined ? undefined : this.objects.symbol(native);
  }

  getDeclaration(): ts.SignatureDeclaration | ts.JSDocSignature {
    return this.declaration as ts.SignatureDeclaration | ts.JSDocSignature;
  }
  getTypeParameters(): ts.TypeParameter[] | undefined {
    const parameters = this.typeParameters;
    return parameters === undefined ? undefined : [...parameters];
  }
  getParameters(): ts.Symbol[] {
    return [...this.parameters];
  }
  getReturnType(): ts.Type {
    return this.objects.returnTypeOf(this.native);
  }
}
