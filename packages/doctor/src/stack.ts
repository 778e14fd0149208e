import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StackFrame } from './types.js';

/** A stack captured cheaply: V8 records the frames at once and formats them only when read. */
export interface CapturedSite {
  stack?: unknown;
}

/**
 * The doctor's compiled files (`dist/`) and the sources their maps point at (`src/`): a frame mapped through the
 * doctor's own source map names the second.
 */
const packageRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ownDirectories = [path.join(packageRoot, 'dist') + path.sep, path.join(packageRoot, 'src') + path.sep];

/** The part of V8's `CallSite` the doctor reads. */
export interface CallSiteLike {
  getFunctionName(): string | null;
  getMethodName(): string | null;
  getTypeName(): string | null;
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  isAsync?: () => boolean;
  getEnclosingLineNumber?: () => number | null;
}

/** Frames on the first line of their own function: where V8 puts an async function's own promise. */
const onFunctionLine = new WeakSet<StackFrame>();

/**
 * True when `frame` sits on the first line of its function (an async function's promise is created there, before
 * its body runs): the line that made the call is then the caller's frame.
 */
export function isOnFunctionLine(frame: StackFrame): boolean {
  return onFunctionLine.has(frame);
}

function toPath(file: string): string {
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return file;
    }
  }
  return file;
}

/**
 * How many frames a captured site keeps, whatever the program set `Error.stackTraceLimit` to: V8's default, enough to
 * reach the program's own code from inside Node or a library, while a program that set the limit to `Infinity` (each
 * capture walking the whole stack) or to `0` (no frames, no site) would change what the doctor costs or finds.
 */
const siteDepth = 10;

/** Captures the current stack without formatting it; `below` and its callers above it are left out. */
export function captureSite(below: (...args: never[]) => unknown): CapturedSite {
  const holder: CapturedSite = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = siteDepth;
  Error.captureStackTrace(holder, below);
  Error.stackTraceLimit = limit;
  return holder;
}

/** Frames of V8 call sites (an `Error.prepareStackTrace` function); frames without a file are left out. */
export function structured(_error: Error, callSites: CallSiteLike[]): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const site of callSites) {
    const file = site.getFileName();
    if (file === null || file === undefined) continue;
    const fn = site.getFunctionName() ?? '';
    const type = site.getTypeName();
    const method = site.getMethodName();
    const name = fn !== '' ? fn : method !== null && type !== null ? `${type}.${method}` : '';
    const frame: StackFrame = {
      functionName: name,
      file: toPath(file),
      line: site.getLineNumber() ?? 0,
      column: site.getColumnNumber() ?? 0,
      async: site.isAsync?.() ?? false,
    };
    if (frame.line !== 0 && site.getEnclosingLineNumber?.() === frame.line) onFunctionLine.add(frame);
    frames.push(frame);
  }
  return frames;
}

/** Reads the frames of a captured site (formats it now, with our own structured formatter). */
export function siteFrames(site: CapturedSite): StackFrame[] {
  const previous: unknown = Reflect.get(Error, 'prepareStackTrace');
  Reflect.set(Error, 'prepareStackTrace', structured);
  try {
    const stack: unknown = site.stack;
    if (Array.isArray(stack)) return stack as StackFrame[];
    // Already read by the async-work recorder, which keeps the call sites (V8 keeps what the first read returned).
    if (typeof stack === 'object' && stack !== null && 'callSites' in stack) {
      return structured(new Error(), (stack as { callSites: CallSiteLike[] }).callSites);
    }
    return typeof stack === 'string' ? parseStack(stack) : [];
  } finally {
    Reflect.set(Error, 'prepareStackTrace', previous);
  }
}

const frameWithName = /^\s*at (?:(async) )?(.*?) \((.*):(\d+):(\d+)\)$/;
const frameBare = /^\s*at (?:(async) )?(.*):(\d+):(\d+)$/;

/** Parses a V8 `stack` string (`    at fn (file:line:col)` lines) into frames. */
export function parseStack(stack: string): StackFrame[] {
  const frames: StackFrame[] = [];
  for (const line of stack.split('\n')) {
    let match = frameWithName.exec(line);
    if (match !== null) {
      const [, isAsync, name = '', file = '', lineText = '0', columnText = '0'] = match;
      frames.push({
        functionName: name.replace(/^new /, ''),
        file: toPath(file),
        line: Number(lineText),
        column: Number(columnText),
        async: isAsync !== undefined,
      });
      continue;
    }
    match = frameBare.exec(line);
    if (match !== null) {
      const [, isAsync, file = '', lineText = '0', columnText = '0'] = match;
      frames.push({
        functionName: '',
        file: toPath(file),
        line: Number(lineText),
        column: Number(columnText),
        async: isAsync !== undefined,
      });
    }
  }
  return frames;
}

/** True for frames of Node itself and of the doctor: never the place to look for the bug. */
export function isInternalFrame(frame: StackFrame): boolean {
  return (
    frame.file.startsWith('node:') ||
    frame.file.startsWith('internal/') ||
    frame.file === 'native' ||
    ownDirectories.some((directory) => frame.file.startsWith(directory))
  );
}

/** True for frames in the user's own files (not Node, not the doctor, not `node_modules`). */
export function isUserFrame(frame: StackFrame): boolean {
  return (
    !isInternalFrame(frame) &&
    !frame.file.includes(`${path.sep}node_modules${path.sep}`) &&
    path.isAbsolute(frame.file)
  );
}

/** The frames worth showing: Node's and the doctor's own frames removed. */
export function visibleFrames(frames: readonly StackFrame[]): StackFrame[] {
  return frames.filter((frame) => !isInternalFrame(frame));
}

/** Frames of an error: its `stack` parsed (async frames included); `[]` for values without a stack. */
export function errorFrames(error: unknown): StackFrame[] {
  if (typeof error !== 'object' || error === null) return [];
  const stack = (error as { stack?: unknown }).stack;
  return typeof stack === 'string' ? visibleFrames(parseStack(stack)) : [];
}

/** A stable key for a stack: its first few visible frames. */
export function stackKey(frames: readonly StackFrame[]): string {
  return frames
    .slice(0, 4)
    .map((frame) => `${frame.file}:${frame.line}:${frame.column}`)
    .join('|');
}
