import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isInternalFrame, isUserFrame } from '../src/stack.js';
import type { StackFrame } from '../src/types.js';

const packageRoot = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const frameIn = (file: string): StackFrame => ({ file, line: 1, column: 1, functionName: 'f', async: false });

describe("the doctor's own frames", () => {
  it('are internal both compiled and mapped back to their sources, so a stall it records is never located there', () => {
    for (const file of [
      path.join(packageRoot, 'dist', 'operations.js'),
      path.join(packageRoot, 'src', 'operations.ts'),
      path.join(packageRoot, 'src', 'runtime', 'promises.ts'),
    ]) {
      expect(isInternalFrame(frameIn(file))).toBe(true);
      expect(isUserFrame(frameIn(file))).toBe(false);
    }
  });

  it("leave the program's files beside them alone", () => {
    for (const file of [
      path.join(packageRoot, 'test', 'fixtures', 'blocked.mjs'),
      path.join(packageRoot, 'srcs', 'app.mjs'),
      path.join(path.dirname(packageRoot), 'app', 'src', 'operations.ts'),
    ]) {
      expect(isInternalFrame(frameIn(file))).toBe(false);
      expect(isUserFrame(frameIn(file))).toBe(true);
    }
  });
});
