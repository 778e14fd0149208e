import { describe, expect, it } from 'vitest';
import { ofKind, runDoctor, where } from './helpers.js';

describe('express-async-route', () => {
  it('reports a request never answered after its async handler rejected', async () => {
    const result = await runDoctor('express-hang.mjs', ['--request-timeout', '100']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('request aborted\n');
    const [hung, ...others] = ofKind(result.findings, 'unanswered-request');
    expect(others).toEqual([]);
    expect(hung?.pitfall).toBe('express-async-route');
    expect(hung?.message).toMatch(
      /^GET \/users\/42 got no response \d+ ms after its async handler rejected: Error: no user 42/,
    );
    expect(where(hung)).toBe('express-hang.mjs:13');
    expect(hung?.frames.map((frame) => frame.line)).toContain(7);
  });

  it('does not report requests that were answered', async () => {
    const result = await runDoctor('express-ok.mjs', ['--request-timeout', '100']);
    expect(result.stdout).toBe('status 500\n');
    expect(ofKind(result.findings, 'unanswered-request')).toEqual([]);
  });
});
