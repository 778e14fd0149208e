// Case: aliasunder/vault-cortex, fix commit bcb2ca88450c2523d2f7fd077f5a32b4a0f4d039 ("fix: serialize concurrent writes
// to prevent TOCTOU lost updates (#220)"), source https://github.com/aliasunder/vault-cortex/pull/220. Rewritten in our
// own code: a notes server updates a note's front-matter properties by reading the file, merging the new properties
// into the parsed header and writing the whole file back. Two concurrent updates of the same note both read the old
// file, and the second write silently drops the first one's properties.
import path from 'node:path';
import { readTextOrNull, replaceFile } from './fs-helpers.js';

export interface PropertyUpdate {
  readonly root: string;
  readonly note: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

const fence = '---';

function splitNote(text: string): { header: Record<string, unknown>; body: string } {
  if (!text.startsWith(`${fence}\n`)) return { header: {}, body: text };
  const end = text.indexOf(`\n${fence}\n`, fence.length + 1);
  if (end === -1) return { header: {}, body: text };
  return { header: JSON.parse(text.slice(fence.length + 1, end)) as Record<string, unknown>, body: text.slice(end + fence.length + 2) };
}

function joinNote(header: Record<string, unknown>, body: string): string {
  return `${fence}\n${JSON.stringify(header)}\n${fence}\n${body}`;
}

function insideRoot(root: string, note: string): string {
  const full = path.resolve(root, note);
  if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`path escapes the vault: "${note}"`);
  return full;
}

export const setNoteProperties = async (update: PropertyUpdate): Promise<void> => {
  if (!update.note.endsWith('.md')) throw new Error('only .md notes have properties');
  const full = insideRoot(update.root, update.note);
  const existing = await readTextOrNull(full);
  if (existing === null) {
    throw new Error(`note not found: "${update.note}"`);
  }
  const parsed = splitNote(existing);
  const merged = { ...parsed.header, ...update.properties };
  const serialized = joinNote(merged, parsed.body);
  await replaceFile(full, serialized);
  console.info('updated properties', { note: update.note, before: existing.length, after: serialized.length });
};
