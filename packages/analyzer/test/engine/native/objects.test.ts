import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { NativeEngineError } from '../../../src/engine/native/errors.js';
import { NativeTypeFacade, type NativeObjects } from '../../../src/engine/native/objects.js';

type NativeType = ConstructorParameters<typeof NativeTypeFacade>[0];

// A TypeScript 7 union whose members the API may fail to write out; `answer` says how `getTypes` ends.
function union(answer: () => readonly NativeType[]): NativeType {
  return { id: 7, flags: ts.TypeFlags.Union, objectFlags: 0, getTypes: answer } as unknown as NativeType;
}

function objects(unanswered: ts.Type): NativeObjects {
  return {
    ask: <T>(what: string, call: () => T): T => {
      try {
        return call();
      } catch (error) {
        throw new NativeEngineError(`TypeScript 7 failed to answer ${what}: ${String(error)}`, error);
      }
    },
    unanswered: () => unanswered,
    type: (native: NativeType) => ({ flags: native.flags }) as unknown as ts.Type,
  } as unknown as NativeObjects;
}

describe('a union whose members TypeScript 7 cannot write out', () => {
  const any = { flags: ts.TypeFlags.Any } as unknown as ts.Type;

  it('has one unknown (any) member when the API panics, instead of failing the rule on the whole file', () => {
    const panics = union(() => {
      throw new Error(
        'panic: interface conversion: checker.TypeData is *checker.TypeReference, not *checker.TupleType',
      );
    });
    const facade = new NativeTypeFacade(panics, objects(any));
    expect(facade.types).toEqual([any]);
  });

  it('still fails on any other error (a broken pipe is not an unknown type)', () => {
    const broken = union(() => {
      throw new Error('write EPIPE');
    });
    const facade = new NativeTypeFacade(broken, objects(any));
    expect(() => facade.types).toThrow(NativeEngineError);
  });

  it('gives the members TypeScript 7 answers', () => {
    const member = { id: 8, flags: ts.TypeFlags.String } as unknown as NativeType;
    const facade = new NativeTypeFacade(
      union(() => [member]),
      objects(any),
    );
    expect(facade.types.map((type) => type.flags)).toEqual([ts.TypeFlags.String]);
  });
});
