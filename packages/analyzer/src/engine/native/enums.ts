/**
 * TypeScript 7's enum numbers translated to TypeScript 6's, by member name: `SyntaxKind` (218 of 396 differ),
 * `ObjectFlags` (its high bits moved); `TypeFlags`, `SymbolFlags` and `TypePredicateKind` are equal in 7.0.2, which
 * {@link assertEqualFlags} checks once so that a change of the pinned version fails loudly instead of misreading.
 *
 * @module
 */
import { SyntaxKind as NativeSyntaxKind } from 'typescript-native/unstable/ast';
import {
  ObjectFlags as NativeObjectFlags,
  SymbolFlags as NativeSymbolFlags,
  TypeFlags as NativeTypeFlags,
  TypePredicateKind as NativeTypePredicateKind,
} from 'typescript-native/unstable/sync';
import ts from '../../typescript.cjs';
import { NativeEngineError } from './errors.js';

type NumericEnum = Readonly<Record<string, string | number>>;

/** The members of a numeric enum, without its reverse mapping. */
function members(enumObject: NumericEnum): [string, number][] {
  return Object.entries(enumObject).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
}

/**
 * A number as a value of `enumObject`'s enum (`asEnum(flags, ts.TypeFlags)`). Each caller says why the number is one
 * (a kind matched by name, bits checked equal when this module loads): this is the one place the facade turns
 * TypeScript 7's numbers into another enum's values.
 */
export function asEnum<T extends number>(
  value: number,
  _enumObject: Readonly<Record<string, T | string>>,
): T {
  return value as T;
}

/** Names that mark a range (`FirstToken`, `LastKeyword`…), not a kind of their own. */
const rangeMarker = /^(First|Last)[A-Z]/;

function syntaxKindTables(): { toNative: Int32Array; fromNative: Map<number, ts.SyntaxKind> } {
  const nativeByName = new Map(members(NativeSyntaxKind));
  const ts6 = members(ts.SyntaxKind);
  const toNative = new Int32Array(Math.max(...ts6.map(([, value]) => value)) + 1).fill(-1);
  const fromNative = new Map<number, ts.SyntaxKind>();
  for (const [name, value] of ts6) {
    if (rangeMarker.test(name)) continue;
    const native = nativeByName.get(name);
    if (native === undefined) continue;
    toNative[value] = native;
    fromNative.set(native, asEnum(value, ts.SyntaxKind));
  }
  return { toNative, fromNative };
}

const syntaxKinds = syntaxKindTables();

/** TypeScript 7's `SyntaxKind` for a TypeScript 6 one, or undefined when TypeScript 7 has no such kind. */
export function nativeSyntaxKind(kind: ts.SyntaxKind): number | undefined {
  const native = syntaxKinds.toNative[kind];
  return native === undefined || native < 0 ? undefined : native;
}

/** TypeScript 6's `SyntaxKind` for a TypeScript 7 one, or undefined when TypeScript 6 has no such kind. */
export function syntaxKindFromNative(kind: number): ts.SyntaxKind | undefined {
  return syntaxKinds.fromNative.get(kind);
}

/** Single-bit members of a flags enum. */
function bits(enumObject: NumericEnum): Map<string, number> {
  const result = new Map<string, number>();
  for (const [name, value] of members(enumObject))
    if (value > 0 && (value & (value - 1)) === 0) result.set(name, value);
  return result;
}

/** Checks that a flags enum has the same bits in both versions (the facade then passes its values through). */
function assertEqualFlags(name: string, ts6: NumericEnum, native: NumericEnum): void {
  const nativeBits = bits(native);
  for (const [member, value] of bits(ts6)) {
    if (nativeBits.get(member) !== value) {
      throw new NativeEngineError(
        `${name}.${member} differs between TypeScript 6 and 7: the facade must translate it`,
      );
    }
  }
}

assertEqualFlags('TypeFlags', ts.TypeFlags, NativeTypeFlags);
assertEqualFlags('SymbolFlags', ts.SymbolFlags, NativeSymbolFlags);
for (const [member, value] of members(ts.TypePredicateKind)) {
  if ((NativeTypePredicateKind as unknown as NumericEnum)[member] !== value) {
    throw new NativeEngineError(`TypePredicateKind.${member} differs between TypeScript 6 and 7`);
  }
}

/**
 * `ObjectFlags` names whose bit is shared with an object-type flag: they only mean something on unions,
 * intersections and instantiable types (TypeScript reuses the high bits per kind of type).
 */
const nonObjectTypeFlag = /^(IsGeneric|ContainsIntersections|IsUnknownLikeUnion|IsNeverIntersection)/;

interface ObjectFlagTable {
  /** TypeScript 7 bit → TypeScript 6 bits, for object types and for the others. */
  readonly object: Map<number, number>;
  readonly other: Map<number, number>;
}

function objectFlagTable(): ObjectFlagTable {
  const ts6 = bits(ts.ObjectFlags);
  const object = new Map<number, number>();
  const other = new Map<number, number>();
  for (const [name, nativeBit] of bits(NativeObjectFlags)) {
    const bit = ts6.get(name);
    if (bit === undefined) continue;
    const table = nonObjectTypeFlag.test(name) ? other : object;
    table.set(nativeBit, (table.get(nativeBit) ?? 0) | bit);
  }
  // A bit with a single meaning means it for every type.
  for (const [nativeBit, bit] of object) if (!other.has(nativeBit)) other.set(nativeBit, bit);
  for (const [nativeBit, bit] of other) if (!object.has(nativeBit)) object.set(nativeBit, bit);
  return { object, other };
}

const objectFlags = objectFlagTable();

/** TypeScript 6's `ObjectFlags` for TypeScript 7's, on a type with the given `TypeFlags`. Unknown bits are dropped. */
export function objectFlagsFromNative(nativeFlags: number, typeFlags: number): ts.ObjectFlags {
  const table = typeFlags & ts.TypeFlags.Object ? objectFlags.object : objectFlags.other;
  let result = 0;
  for (let rest = nativeFlags; rest !== 0; rest &= rest - 1) {
    const bit = rest & -rest;
    result |= table.get(bit >>> 0) ?? table.get(bit) ?? 0;
  }
  return asEnum(result, ts.ObjectFlags);
}
