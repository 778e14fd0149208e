import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/async-promise-executor.js';
import { analyzeFiles } from '../../src/testing.js';

describe('async-promise-executor (harness smoke test)', () => {
  it('flags an async executor at the async keyword', () => {
    const findings = analyzeFiles(rule, {
      'a.ts': 'export const p = new Promise(async (resolve) => resolve(1));\n',
    });
    expect(findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([['async-promise-executor', 1, 30]]);
  });

  it('leaves a synchronous executor alone', () => {
    expect(
      analyzeFiles(rule, { 'a.ts': 'export const p = new Promise<number>((resolve) => resolve(1));\n' }),
    ).toEqual([]);
  });

  it('gives rules a working type checker over node types', () => {
    const findings = analyzeFiles(rule, {
      'b.ts':
        "import { EventEmitter } from 'node:events';\nexport const e = new EventEmitter();\nnew Promise(async () => {});\n",
    });
    expect(findings).toHaveLength(1);
  });
});
