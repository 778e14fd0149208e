import { describe } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// Every rule that recognises a global by its name (Promise, setTimeout, expect, vi, process, useEffect, Set …) must
// stay silent when a local declaration of the same name shadows it: a class, a const, a parameter or an import.
const cases: Readonly<Record<string, readonly { name: string; code: string; fileName?: string }[]>> = {
  'async-constructor': [
    {
      name: 'a local class named Promise, constructed in the constructor',
      code: `class Promise<T> { constructor(readonly run: (done: (v: T) => void) => void) {} }\nexport class A {\n  p: Promise<number>;\n  constructor() {\n    this.p = new Promise<number>((done) => done(1));\n  }\n}`,
    },
  ],
  'async-promise-executor': [
    {
      name: 'a local class named Promise',
      code: `class Promise<T> { constructor(readonly run: (done: (v: T) => void) => unknown) {} }\ndeclare function load(): globalThis.Promise<number>;\nexport const b = new Promise<number>(async (done) => done(await load()));`,
    },
  ],
  'async-void-callback': [
    {
      name: 'a local setTimeout that awaits its callback',
      code: `declare function save(): Promise<void>;\nfunction setTimeout(fn: () => Promise<void>, _ms: number): Promise<void> { return fn(); }\nexport const done = setTimeout(async () => { await save(); }, 10);`,
    },
  ],
  'event-loop-starvation': [
    {
      name: 'a local JSON whose stringify is cheap',
      code: `const JSON = { stringify: (v: unknown) => String(v) };\ndeclare const db: { find(): Promise<{ id: string }[]> };\nexport async function f() {\n  const rows = await db.find();\n  for (const row of rows) JSON.stringify(row);\n}`,
    },
  ],
  'fake-timer-async': [
    {
      name: 'a local vi that is not the fake-timer API',
      fileName: 'a.test.ts',
      code: `import { it } from 'vitest';\ndeclare function retry(): Promise<number>;\nconst vi = { advanceTimersByTime(_ms: number): void {} };\nit('a', async () => {\n  const p = retry();\n  vi.advanceTimersByTime(1000);\n  await p;\n});`,
    },
  ],
  'floating-promise': [
    {
      name: 'a parameter named Promise whose all returns nothing to await',
      code: `export function f(Promise: { all(values: unknown[]): void }) {\n  Promise.all([1, 2]);\n}`,
    },
  ],
  'listener-leak': [
    {
      name: 'a parameter named process (a short-lived emitter)',
      code: `import { EventEmitter } from 'node:events';\nexport async function f(process: EventEmitter) {\n  process.on('exit', () => console.log('bye'));\n}`,
    },
  ],
  'process-local-lock': [
    {
      name: 'a local Set backed by a shared store',
      code: `import express from 'express';\nclass Set<T> { has(_v: T): boolean { return false; } add(_v: T): this { return this; } delete(_v: T): boolean { return true; } }\ndeclare function charge(id: string): Promise<void>;\nconst app = express();\nconst inFlight = new Set<string>();\napp.post('/pay/:id', async (req, res) => {\n  const id = req.params.id;\n  if (inFlight.has(id)) return res.status(409).end();\n  inFlight.add(id);\n  await charge(id);\n  inFlight.delete(id);\n  return res.end();\n});`,
    },
  ],
  'stale-response': [
    {
      name: 'a local useEffect that is not React’s',
      code: `import { useState } from 'react';\nfunction useEffect(fn: () => void, _deps: unknown[]): void { fn(); }\ndeclare function getUser(id: string): Promise<string>;\nexport function Profile({ id }: { id: string }) {\n  const [user, setUser] = useState('');\n  useEffect(() => {\n    getUser(id).then((u) => setUser(u));\n  }, [id]);\n  return user;\n}`,
    },
  ],
  'timer-leak': [
    {
      name: 'a local setTimeout that is not a timer',
      code: `declare function work(): Promise<number>;\nfunction setTimeout(fn: () => void, _ms: number): number { fn(); return 0; }\nexport function f(ms: number) {\n  return new Promise<number>((resolve, reject) => {\n    setTimeout(() => reject(new Error('t')), ms);\n    void work().then(resolve);\n  });\n}`,
    },
  ],
  'unawaited-assertion': [
    {
      name: 'a local expect whose resolves is synchronous',
      fileName: 'a.test.ts',
      code: `import { it } from 'vitest';\nconst expect = (v: unknown) => ({ resolves: { toBe: (w: unknown) => v === w } });\ndeclare function work(): Promise<number>;\nit('a', async () => {\n  expect(work()).resolves.toBe(1);\n});`,
    },
  ],
  'unbounded-concurrency': [
    {
      name: 'a local Promise whose all runs one at a time',
      code: `declare function fetchUser(id: string): globalThis.Promise<string>;\nconst Promise = { all: async <T>(items: (() => globalThis.Promise<T>)[]) => { const out: T[] = []; for (const item of items) out.push(await item()); return out; } };\nexport const f = (req: { body: { ids: string[] } }) => Promise.all(req.body.ids.map((id) => () => fetchUser(id)));`,
    },
  ],
};

for (const [id, valid] of Object.entries(cases)) {
  describe(`${id}: a shadowed global`, () => {
    ruleTester(id).cases({ valid });
  });
}
