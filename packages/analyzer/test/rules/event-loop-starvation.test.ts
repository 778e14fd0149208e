import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

const header = `import { createHash } from 'node:crypto';
declare const db: { find(): Promise<{ id: string; body: string }[]> };
declare function yieldToEventLoop(): Promise<void>;
`;
const tester = ruleTester('event-loop-starvation', { prelude: header, suffix: '\nexport {};\n' });

describe('event-loop-starvation: flagged', () => {
  it.each([
    [
      'hashing every fetched row',
      `async function f() {\n  const rows = await db.find();\n  for (const row of rows) createHash('sha256').update(row.body).digest('hex');\n}`,
      [3, 3, 'heavyLoop'],
    ],
    [
      'JSON.stringify over parsed data',
      `async function f(text: string) {\n  const items: unknown[] = JSON.parse(text);\n  const out: string[] = [];\n  for (const item of items) out.push(JSON.stringify(item));\n  return out;\n}`,
      [4, 3, 'heavyLoop'],
    ],
    [
      'hashing in forEach over a fetched body',
      `async function f() {\n  const res = await fetch('https://x.test');\n  const lines = (await res.text()).split('\\n');\n  lines.forEach((l) => createHash('md5').update(l));\n}`,
      [4, 9, 'heavyLoop'],
    ],
    [
      'nested loops over fetched data',
      `async function f() {\n  const rows = await db.find();\n  for (const a of rows) {\n    for (const b of rows) if (a.id === b.id) console.log(a);\n  }\n}`,
      [3, 3, 'heavyLoop'],
    ],
    [
      'nested loops over the entries of the same fetched object',
      `async function f() {\n  const deps: Record<string, string> = await fetch('x').then((r) => r.json());\n  for (const [a] of Object.entries(deps)) {\n    for (const [b] of Object.entries(deps)) if (a === b) console.log(a);\n  }\n}`,
      [3, 3, 'heavyLoop'],
    ],
    [
      'classic for over awaited array',
      `async function f() {\n  const rows = await db.find();\n  for (let i = 0; i < rows.length; i++) createHash('md5').update(rows[i]!.body);\n}`,
      [3, 3, 'heavyLoop'],
    ],
    [
      'sort inside map',
      `async function f() {\n  const groups: number[][] = await fetch('x').then((r) => r.json());\n  return groups.map((g) => g.sort());\n}`,
      [3, 17, 'heavyLoop'],
    ],
    [
      'destructured database result',
      `declare const pg: { query(s: string): Promise<{ rows: string[] }> };\nasync function f() {\n  const { rows } = await pg.query('select');\n  for (const r of rows) createHash('sha1').update(r);\n}`,
      [4, 3, 'heavyLoop'],
    ],
    [
      'endless while(true) without await',
      `async function f() {\n  let n = 0;\n  while (true) {\n    n++;\n  }\n}`,
      [3, 3, 'endless'],
    ],
    ['endless for(;;)', `async function f() {\n  for (;;) console.log(1);\n}`, [2, 3, 'endless']],
    [
      'iterating directly over await',
      `async function f() {\n  for (const row of await db.find()) createHash('md5').update(row.body);\n}`,
      [2, 3, 'heavyLoop'],
    ],
    [
      'async arrow',
      `const f = async () => {\n  const rows = await db.find();\n  rows.map((r) => JSON.stringify(r));\n};`,
      [3, 8, 'heavyLoop'],
    ],
    [
      'large fixed inner loop per fetched row',
      `async function f() {\n  const rows = await db.find();\n  let w = 0;\n  for (const r of rows) {\n    for (let i = 0; i < 1000; i++) w += r.id.length % (i + 1);\n  }\n  return w;\n}`,
      [4, 3, 'heavyLoop'],
    ],
  ] as const)('%s', (_name, code, [line, column, messageId]) => {
    tester.expectInvalid({ code, errors: [{ line, column, messageId }] });
  });

  it('names the work and the data', () => {
    const found = tester.findings(
      `async function f() {\n  const rows = await db.find();\n  for (const row of rows) JSON.stringify(row);\n}`,
    );
    expect(found[0]?.severity).toBe('info');
    expect(found[0]?.message).toContain('This loop runs `JSON.stringify` for every element of `rows`');
  });
});

describe('event-loop-starvation: clean', () => {
  it.each([
    [
      'await inside the loop',
      `async function f() {\n  const rows = await db.find();\n  for (const row of rows) {\n    createHash('sha256').update(row.body);\n    await yieldToEventLoop();\n  }\n}`,
    ],
    [
      'yieldToEventLoop every so often',
      `async function f() {\n  const rows = await db.find();\n  for (let i = 0; i < rows.length; i++) {\n    JSON.stringify(rows[i]);\n    if (i % 100 === 0) await yieldToEventLoop();\n  }\n}`,
    ],
    [
      'cheap work per element',
      `async function f() {\n  const rows = await db.find();\n  let total = 0;\n  for (const row of rows) total += row.body.length;\n  return total;\n}`,
    ],
    ['bounded literal data', `async function f() {\n  for (const s of ['a', 'b']) JSON.stringify(s);\n}`],
    [
      'sync function',
      `function f(text: string) {\n  for (const x of JSON.parse(text) as unknown[]) JSON.stringify(x);\n}`,
    ],
    [
      'while(true) that awaits',
      `async function f() {\n  while (true) {\n    await yieldToEventLoop();\n  }\n}`,
    ],
    [
      'while(true) with a break',
      `async function f(s: string) {\n  let i = 0;\n  while (true) {\n    if (s[i] === ';') break;\n    i++;\n  }\n}`,
    ],
    [
      'parameter data (size unknown here)',
      `async function f(rows: string[]) {\n  for (const r of rows) JSON.stringify(r);\n}`,
    ],
    [
      'async callback per element',
      `async function f() {\n  const rows = await db.find();\n  await Promise.all(rows.map(async (r) => JSON.stringify(r)));\n}`,
    ],
    [
      'for await',
      `async function f(stream: AsyncIterable<string>) {\n  for await (const chunk of stream) JSON.parse(chunk);\n}`,
    ],
    [
      'setImmediate in the loop body',
      `async function f() {\n  const rows = await db.find();\n  for (const r of rows) setImmediate(() => JSON.stringify(r));\n}`,
    ],
    [
      'lookup in another small list per row',
      `async function f(ids: string[]) {\n  const rows = await db.find();\n  return rows.filter((r) => ids.some((id) => id === r.id));\n}`,
    ],
    [
      'JSON.stringify of a field',
      `async function f() {\n  const rows = await db.find();\n  return rows.map((r) => \`import \${JSON.stringify(r.id)}\`);\n}`,
    ],
    [
      'RegExp compiled per row of a short list',
      `async function f() {\n  const rows = await db.find();\n  return rows.map((r) => new RegExp(r.body));\n}`,
    ],
    [
      'small fixed inner loop per row',
      `async function f() {\n  const rows = await db.find();\n  for (const r of rows) for (let i = 0; i < 3; i++) console.log(r.id, i);\n}`,
    ],
    [
      'nested loops over the entries of two different objects',
      `async function f() {\n  const latest: Record<string, string> = await fetch('x').then((r) => r.json());\n  const peers: Record<string, Record<string, string>> = {};\n  for (const [name] of Object.entries(latest)) {\n    for (const [peer, ranges] of Object.entries(peers)) if (ranges[name]) console.log(peer);\n  }\n}`,
    ],
    [
      'flattening nested loop over the element',
      `async function f() {\n  const rows = await db.find();\n  const out: string[] = [];\n  for (const row of rows) {\n    const parts = row.body.split(',');\n    for (const p of parts) out.push(p);\n  }\n}`,
    ],
    [
      'a regex literal per row (cheap per element)',
      `async function f() {\n  const rows = await db.find();\n  return rows.filter((r) => /error/.test(r.body));\n}`,
    ],
    [
      'JSON.parse per row (decoding a field)',
      `async function f() {\n  const rows = await db.find();\n  return rows.map((r) => JSON.parse(r.body) as unknown);\n}`,
    ],
  ] as const)('%s', (_name, code) => {
    tester.expectValid(code);
  });
});

describe('event-loop-starvation: command-line scripts', () => {
  const loop = `async function f() {\n  const rows = await db.find();\n  for (const row of rows) createHash('sha256').update(row.body).digest('hex');\n}\nexport {};\n`;

  it('leaves a file in a scripts folder, a #! file and one reading process.argv', () => {
    tester.expectValid({ code: loop, fileName: 'scripts/verify-links.ts' });
    tester.expectValid({ code: loop, fileName: 'scripts/release/changelog.ts' });
    tester.expectValid({ code: loop, fileName: 'tool.ts', prelude: `#!/usr/bin/env node\n${header}` });
    tester.expectValid({ code: `const from = process.argv[2];\n${loop}`, fileName: 'gen.ts' });
  });

  it('still reports server code deeper below a folder named scripts', () => {
    tester.expectInvalid({
      code: loop,
      fileName: 'scripts/app/src/server.ts',
      errors: [{ line: 3, column: 3, messageId: 'heavyLoop' }],
    });
  });
});
