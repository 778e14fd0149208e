import { describe, expect, it } from 'vitest';
import { ofKind, runDoctor, where } from './helpers.js';

describe('unhandled rejections', () => {
  it('reports the error, where it was thrown, and keeps the crash', async () => {
    const result = await runDoctor('unhandled.mjs');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Error: user 7 not found');
    const [finding, ...others] = ofKind(result.findings, 'unhandled-rejection');
    expect(others).toEqual([]);
    expect(finding?.pitfall).toBe('floating-promise');
    expect(finding?.message).toContain('Error: user 7 not found');
    expect(where(finding)).toBe('unhandled.mjs:3');
    expect(result.reports[0]?.exit.cause).toBe('crash');
  });

  it('reports a non-Error rejection with its value, and locates it with --full', async () => {
    const plain = await runDoctor('non-error.mjs');
    expect(plain.status).toBe(1);
    const [finding] = ofKind(plain.findings, 'unhandled-rejection');
    expect(finding?.message).toContain('"config file is empty"');
    expect(finding?.message).toContain('--full');

    const full = await runDoctor('non-error.mjs', ['--full']);
    const [located] = ofKind(full.findings, 'unhandled-rejection');
    const lines = located?.frames.map((frame) => frame.line);
    // The async function (line 1) and the call that created its promise (line 6).
    expect(lines).toContain(1);
    expect(lines).toContain(6);
    expect(located?.message).not.toContain('--full');
  });

  it('reports a rejection handled late as "handled after N ms", not as unhandled', async () => {
    const result = await runDoctor('late-handled.mjs');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('caught late: price service down\n');
    expect(ofKind(result.findings, 'unhandled-rejection')).toEqual([]);
    const [late] = ofKind(result.findings, 'late-handled-rejection');
    expect(late?.pitfall).toBe('late-await');
    expect(late?.message).toMatch(/^Rejection handled after \d+ ms/);
    expect(late?.data['handledAfterMs']).toBeGreaterThan(0);
    expect(where(late)).toBe('late-handled.mjs:5');
  });

  it('names the traced operation a rejection belongs to', async () => {
    const result = await runDoctor('traced.mjs');
    const [finding] = ofKind(result.findings, 'unhandled-rejection');
    expect(finding?.operation?.name).toBe('notify');
    expect(finding?.operation?.steps).toEqual([]);
    expect(where(finding)).toBe('traced.mjs:8');
    const operations = result.reports[0]?.operations ?? [];
    expect(operations.map((operation) => operation.name)).toEqual(['import-orders', 'notify']);
    expect(operations[0]?.steps.map((step) => step.name)).toEqual(['fetched']);
    expect(operations[1]?.parentId).toBe(operations[0]?.id);
    expect(operations[1]?.status).toBe('rejected');
  });
});
