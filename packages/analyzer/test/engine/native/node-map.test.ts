import ts from 'typescript';
import type { SourceFile as NativeSourceFile } from 'typescript-native/unstable/ast';
import { describe, expect, it } from 'vitest';
import { nativeSyntaxKind } from '../../../src/engine/native/enums.js';
import { NativeFileIndex } from '../../../src/engine/native/node-map.js';

/** A DataView that counts the node table's reads. */
class CountingView extends DataView<ArrayBuffer> {
  reads = 0;
  override getUint32(byteOffset: number, littleEndian?: boolean): number {
    this.reads++;
    return super.getUint32(byteOffset, littleEndian);
  }
}

const nodeLength = 28;

/**
 * A stand-in for TypeScript 7.0.2's `RemoteSourceFile`: its node table (`kind`, `pos`, `end` first in each 28-byte
 * entry; entry 0 is the nil entry) and the method that makes the node of an index.
 */
function remoteFile(nodes: readonly { kind: ts.SyntaxKind; pos: number; end: number }[]) {
  const offset = 12;
  const view = new CountingView(new ArrayBuffer(offset + (nodes.length + 1) * nodeLength));
  nodes.forEach((node, i) => {
    const at = offset + (i + 1) * nodeLength;
    view.setUint32(at, nativeSyntaxKind(node.kind) ?? 0, true);
    view.setUint32(at + 4, node.pos, true);
    view.setUint32(at + 8, node.end, true);
  });
  const file = {
    view,
    _offsetNodes: offset,
    getOrCreateNodeAtIndex: (index: number) => ({ index }),
  };
  return { view, file: file as unknown as NativeSourceFile };
}

describe('NativeFileIndex', () => {
  const nodes = Array.from({ length: 1000 }, (_, i) => ({
    kind: i === 0 ? ts.SyntaxKind.SourceFile : ts.SyntaxKind.Identifier,
    pos: i === 0 ? 0 : i * 2,
    end: i === 0 ? 2000 : i * 2 + 1,
  }));

  // A declaration in a library or `.d.ts` file is mapped back by its span alone: the file's `pos:end:kind` map (a
  // string key for every node: hundreds of thousands in lib.dom.d.ts) is not built for that.
  it('reads a declaration’s span without building the map of the file', () => {
    const { view, file } = remoteFile(nodes);
    const index = new NativeFileIndex(file);
    expect(index.spanAt(5)).toEqual({ kind: nativeSyntaxKind(ts.SyntaxKind.Identifier), pos: 8, end: 9 });
    expect(index.spanAt(0)).toBeUndefined();
    expect(index.spanAt(nodes.length + 1)).toBeUndefined();
    expect(view.reads).toBe(3);
  });

  it('builds the map once, on the first node asked by place, and finds nodes by pos, end and kind', () => {
    const { view, file } = remoteFile(nodes);
    const index = new NativeFileIndex(file);
    const identifier = { kind: ts.SyntaxKind.Identifier, pos: 8, end: 9 } as ts.Node;
    expect(index.nodeFor(identifier)).toEqual({ index: 5 });
    const afterFirst = view.reads;
    expect(afterFirst).toBeGreaterThanOrEqual(nodes.length * 3);
    expect(index.nodeFor({ ...identifier, kind: ts.SyntaxKind.StringLiteral })).toBeUndefined();
    expect(index.nodeFor({ kind: ts.SyntaxKind.Identifier, pos: 10, end: 11 } as ts.Node)).toEqual({
      index: 6,
    });
    expect(view.reads).toBe(afterFirst);
  });
});
