/**
 * TypeScript 6 nodes ↔ TypeScript 7 nodes of the same file, matched by `pos:end:kind` (TypeScript 7's positions are
 * UTF-16 offsets, as TypeScript 6's; kinds are matched by name, see `enums.ts`).
 *
 * @module
 */
import type { Node as NativeNode, SourceFile as NativeSourceFile } from 'typescript-native/unstable/ast';
import ts from '../../typescript.cjs';
import { nativeSyntaxKind } from './enums.js';
import { NativeEngineError } from './errors.js';

/**
 * The parts of TypeScript 7.0.2's `RemoteSourceFile` the index reads: its node table (28 bytes a node: kind, pos, end,
 * next, parent, data, flags) and the method that makes the node of an index. Internal to `typescript-native`, whose
 * version is pinned exactly; {@link NativeFileIndex} checks the shape when it is built.
 */
interface RemoteSourceFileInternals {
  readonly view: DataView;
  readonly _offsetNodes: number;
  getOrCreateNodeAtIndex(index: number): NativeNode;
}

const nodeLength = 28;
const kindOffset = 0;
const posOffset = 4;
const endOffset = 8;
const nodeListKind = 0xffffffff;

function internals(file: NativeSourceFile): RemoteSourceFileInternals {
  const candidate = file as unknown as Partial<RemoteSourceFileInternals>;
  if (
    !(candidate.view instanceof DataView) ||
    typeof candidate._offsetNodes !== 'number' ||
    typeof candidate.getOrCreateNodeAtIndex !== 'function'
  ) {
    throw new NativeEngineError('typescript-native changed: its source files have no node table to index');
  }
  return candidate as RemoteSourceFileInternals;
}

/** Where a node is: the key both versions share. */
export interface NodeSpan {
  readonly pos: number;
  readonly end: number;
  /** TypeScript 7's kind. */
  readonly kind: number;
}

/**
 * A TypeScript 7 source file, indexed by `pos:end:kind` from its node table (no node object is made to build it).
 * The `pos:end:kind` map is built on the first {@link NativeFileIndex.nodeFor}: a file indexed only to read the span
 * of a declaration ({@link NativeFileIndex.spanAt}) — a library or `.d.ts` file, often large (`lib.dom.d.ts` has
 * about 2.3 MB of text) — never builds it.
 */
export class NativeFileIndex {
  private readonly file: RemoteSourceFileInternals;
  private byKeyValue: Map<string, number> | undefined;
  private readonly count: number;

  constructor(file: NativeSourceFile) {
    this.file = internals(file);
    this.count = Math.floor((this.file.view.byteLength - this.file._offsetNodes) / nodeLength);
  }

  private byKey(): Map<string, number> {
    if (this.byKeyValue !== undefined) return this.byKeyValue;
    const byKey = new Map<string, number>();
    const { view, _offsetNodes: offset } = this.file;
    // Index 0 is the table's nil entry and 1 the source file.
    for (let index = 1; index < this.count; index++) {
      const at = offset + index * nodeLength;
      const kind = view.getUint32(at + kindOffset, true);
      if (kind === nodeListKind) continue;
      const key = `${view.getUint32(at + posOffset, true)}:${view.getUint32(at + endOffset, true)}:${kind}`;
      // The outermost node of a span comes first in the (pre-order) table and wins.
      if (!byKey.has(key)) byKey.set(key, index);
    }
    this.byKeyValue = byKey;
    return byKey;
  }

  /** The TypeScript 7 node at the place of a TypeScript 6 node, or undefined when TypeScript 7 has none there. */
  nodeFor(node: ts.Node): NativeNode | undefined {
    const kind = nativeSyntaxKind(node.kind);
    if (kind === undefined) return undefined;
    const index = this.byKey().get(`${node.pos}:${node.end}:${kind}`);
    return index === undefined ? undefined : this.file.getOrCreateNodeAtIndex(index);
  }

  /** The TypeScript 7 node at an index of the table (a `NodeHandle`'s index). */
  nodeAt(index: number): NativeNode | undefined {
    return index < 1 || index >= this.count ? undefined : this.file.getOrCreateNodeAtIndex(index);
  }

  /** The span of the node at an index of the table (a `NodeHandle`'s index), or undefined out of range. */
  spanAt(index: number): NodeSpan | undefined {
    if (index < 1 || index >= this.count) return undefined;
    const { view, _offsetNodes: offset } = this.file;
    const at = offset + index * nodeLength;
    return {
      kind: view.getUint32(at + kindOffset, true),
      pos: view.getUint32(at + posOffset, true),
      end: view.getUint32(at + endOffset, true),
    };
  }
}

function jsDocOf(node: ts.Node): readonly ts.Node[] {
  return (node as unknown as { jsDoc?: readonly ts.Node[] }).jsDoc ?? [];
}

/**
 * The TypeScript 6 node of a file with this span and kind: a descent from the file through the children that contain
 * the span (JSDoc included), so no map of the file is built (declaration files can be large and are asked little).
 */
export function findNodeBySpan(
  file: ts.SourceFile,
  pos: number,
  end: number,
  kind: ts.SyntaxKind,
): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): boolean => {
    if (node.pos > pos || node.end < end) return false;
    if (node.pos === pos && node.end === end && node.kind === kind) {
      found = node;
      return true;
    }
    for (const doc of jsDocOf(node)) if (visit(doc)) return true;
    return ts.forEachChild(node, visit) === true;
  };
  visit(file);
  return found;
}
