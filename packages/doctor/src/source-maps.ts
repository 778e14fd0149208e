/**
 * Stack frames mapped through source maps: a frame in compiled code (TypeScript built into `dist/`, a bundle) is
 * turned into the file, line and column of the original source, so that findings and their code frames show the
 * code the user wrote, whether or not the program runs with `--enable-source-maps`.
 *
 * Node's own `module.findSourceMap` answers when the program runs with source maps on (it has parsed them while
 * loading); otherwise the map is read here: the `//# sourceMappingURL=` comment of the generated file (a file next to
 * it or an inline `data:` URL), parsed by Node's `module.SourceMap`. No dependency is needed for either.
 *
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { findSourceMap, SourceMap, type SourceMapping } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Finding, StackFrame } from './types.js';

/** A parsed source map and the URL its `sources` are relative to. */
interface LoadedMap {
  readonly map: SourceMap;
  readonly base: URL;
}

/** The source map of each generated file seen, or null when it has none (or it cannot be read). */
const maps = new Map<string, LoadedMap | null>();

const mappingComment = /\/[/*][#@]\s*sourceMappingURL=([^\s'"*]+)\s*(?:\*\/\s*)?$/;

/** The `sourceMappingURL` of a generated file's last lines, or undefined. */
function mappingUrlOf(text: string): string | undefined {
  const lines = text.trimEnd().split('\n');
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 5); i--) {
    const match = mappingComment.exec((lines[i] ?? '').trim());
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

function readMap(file: string): LoadedMap | null {
  try {
    const known = findSourceMap(file);
    if (known !== undefined) return { map: known, base: pathToFileURL(file) };
  } catch {
    // Read it here instead.
  }
  try {
    const url = mappingUrlOf(readFileSync(file, 'utf8'));
    if (url === undefined) return null;
    const fileUrl = pathToFileURL(file);
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      const meta = url.slice(5, comma);
      const data = url.slice(comma + 1);
      const json = meta.endsWith(';base64')
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeURIComponent(data);
      return { map: new SourceMap(JSON.parse(json) as SourceMap['payload']), base: fileUrl };
    }
    const mapUrl = new URL(url, fileUrl);
    if (mapUrl.protocol !== 'file:') return null;
    const payload = JSON.parse(readFileSync(mapUrl, 'utf8')) as SourceMap['payload'];
    return { map: new SourceMap(payload), base: mapUrl };
  } catch {
    return null;
  }
}

function mapOf(file: string): LoadedMap | null {
  let loaded = maps.get(file);
  if (loaded === undefined) {
    loaded = readMap(file);
    maps.set(file, loaded);
  }
  return loaded;
}

/** The mapping at a 0-based position; typed to admit the `undefined` later Node versions give for no mapping. */
function mappingAt(map: SourceMap, line: number, column: number): Partial<SourceMapping> | undefined {
  return map.findEntry(line, column);
}

/** The absolute path of a map's `source` entry, or undefined when it is not a file. */
function sourcePath(loaded: LoadedMap, source: string): string | undefined {
  try {
    const root = loaded.map.payload.sourceRoot;
    const withRoot =
      root === '' || /^[a-z]+:/i.test(source) ? source : `${root.replace(/\/?$/, '/')}${source}`;
    const url = new URL(withRoot, loaded.base);
    return url.protocol === 'file:' ? fileURLToPath(url) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The frame at its original position when its file has a source map whose original source exists on disk (so the
 * code frame can be read from it); the frame unchanged otherwise (no map, a position the map does not cover, or
 * sources that were not shipped). A mapped frame keeps its compiled position in `generated`.
 */
export function originalFrame(frame: StackFrame): StackFrame {
  if (frame.generated !== undefined || !path.isAbsolute(frame.file) || frame.line < 1) return frame;
  const loaded = mapOf(frame.file);
  if (loaded === null) return frame;
  // Node answers `{}` (or, in later versions, undefined) for a position it has no mapping for.
  let entry: Partial<SourceMapping> | undefined;
  try {
    entry = mappingAt(loaded.map, frame.line - 1, Math.max(0, frame.column - 1));
  } catch {
    return frame;
  }
  // findEntry answers with the nearest mapping before the position: one on another line does not cover it.
  if (entry?.originalSource === undefined || entry.generatedLine !== frame.line - 1) return frame;
  const original = sourcePath(loaded, entry.originalSource);
  if (original === undefined || entry.originalLine === undefined || !existsSync(original)) return frame;
  return {
    ...frame,
    file: original,
    line: entry.originalLine + 1,
    column: (entry.originalColumn ?? 0) + 1,
    generated: { file: frame.file, line: frame.line, column: frame.column },
  };
}

/** The finding with every frame (its own and its related stacks') at its original position; see {@link originalFrame}. */
export function withOriginalFrames(finding: Finding): Finding {
  return {
    ...finding,
    frames: finding.frames.map(originalFrame),
    related: finding.related.map((stack) => ({ ...stack, frames: stack.frames.map(originalFrame) })),
  };
}
