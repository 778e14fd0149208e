import { describe, expect, it } from 'vitest';
import { testCompilerOptions } from '../../src/testing.js';
import { ruleTester } from '../support/rule-tester.js';

const tester = ruleTester('async-void-callback', {
  prelude: `import { EventEmitter } from 'node:events';
declare function save(n: number): Promise<void>;
declare const emitter: EventEmitter;
declare const items: number[];
`,
});

describe('async-void-callback: flagged', () => {
  it('forEach with an async arrow, with a background() suggestion', () => {
    const code = `items.forEach(/*!*/async (n) => { await save(n); });\n`;
    const { findings, text } = tester.flags(code, 'voidCallback');
    expect(findings[0]!.message).toContain('the `forEach` callback');
    expect(findings[0]!.suggestions).toEqual([
      text
        .replace(
          "import { EventEmitter } from 'node:events';",
          "import { EventEmitter } from 'node:events';\nimport { background } from '@awaitwise/core';",
        )
        .replace('async (n) => { await save(n); }', '(n) => background(async () => { await save(n); })'),
    ]);
  });

  it('forEach with an async function expression (no suggestion: `this` would change)', () => {
    const { findings } = tester.flags(
      `items.forEach(/*!*/async function (n) { await save(n); });\n`,
      'voidCallback',
    );
    expect(findings[0]!.suggestions).toEqual([]);
  });

  it('an EventEmitter listener', () => {
    tester.flags(`emitter.on('data', /*!*/async () => { await save(1); });\n`, 'voidCallback');
  });

  it('process.on signal handler', () => {
    tester.flags(
      `process.on('SIGTERM', /*!*/async () => { await save(1); process.exit(0); });\n`,
      'voidCallback',
    );
  });

  it('setTimeout with a non-async arrow that returns a promise', () => {
    const { findings } = tester.flags(`setTimeout(/*!*/() => save(1), 10);\n`, 'voidCallback');
    expect(findings[0]!.message).toContain('the `setTimeout` callback');
  });

  it('addEventListener on a DOM element', () => {
    tester.flags(
      `declare const button: HTMLButtonElement;\nbutton.addEventListener('click', /*!*/async () => { await save(1); });\n`,
      'voidCallback',
    );
  });

  it('a JSX onClick handler (whose failure leaves the busy flag set: see the UI cases below)', () => {
    const { findings } = tester.flags(
      `let busy = false;\nexport const Save = () => <button onClick={/*!*/async () => { busy = true; await save(1); busy = false; }}>{String(busy)}</button>;\n`,
      'voidCallbackUndone',
      { fileName: 'a.tsx' },
    );
    expect(findings[0]!.message).toContain('the `onClick` handler');
  });

  it('an async method passed by reference, and bound', () => {
    tester.flags(
      `export class Worker {\n  async onData(): Promise<void> { await save(1); }\n  start(): void {\n    emitter.on('data', /*!*/this.onData);\n    emitter.once('end', /*!*/this.onData.bind(this));\n  }\n}\n`,
      'voidCallback',
    );
  });

  it('a variable typed to return void', () => {
    const { findings } = tester.flags(
      `export const handler: () => void = /*!*/async () => { await save(1); };\n`,
      'voidCallback',
    );
    expect(findings[0]!.message).toContain('`handler`, typed to return void');
  });

  it('an async method of an object literal typed to return void (a Readable read())', () => {
    const { findings } = tester.flags(
      `import { Readable } from 'node:stream';\nexport const stream = new Readable({\n  objectMode: true,\n  /*!*/async read() { this.push(await save(1)); },\n});\n`,
      'voidCallback',
    );
    expect(findings[0]!.message).toContain('passed as the `read` method, whose return value is ignored');
  });

  it('an async function given by reference as an object property', () => {
    const { findings } = tester.flags(
      `async function resume(): Promise<void> { await save(1); }\nexport const hooks: { resume: () => void } = { resume: /*!*/resume };\n`,
      'voidCallback',
    );
    expect(findings[0]!.message).toContain('`resume`, typed to return void');
  });

  it('map over an array whose result is dropped', () => {
    const { findings } = tester.flags(`items.map(/*!*/async (n) => { await save(n); });\n`, 'droppedMap');
    expect(findings[0]!.message).toContain('async `map` callback');
  });

  it('an async filter predicate (a promise is always truthy)', () => {
    tester.flags(`export const kept = items.filter(/*!*/async (n) => n > 1);\n`, 'asyncPredicate');
  });

  it('with strict: a handler that catches everything', () => {
    const { findings } = tester.flags(
      `emitter.on('data', /*!*/async () => { try { await save(1); } catch (error) { console.error(error); } });\n`,
      'voidCallbackSafe',
      { options: { strict: true } },
    );
    expect(findings[0]!.message).toContain('catches every error it can throw');
  });
});

describe('async-void-callback: not flagged', () => {
  const clean: Record<string, string> = {
    'map whose result is awaited with Promise.all': `export const done = Promise.all(items.map(async (n) => { await save(n); }));`,
    'Array.from with an async mapper used in Promise.all': `export const all = Promise.all(Array.from(items, async (n) => save(n)));`,
    'an emitter API typed to accept promises': `interface Hooks { on(event: string, fn: () => void | Promise<void>): void }\ndeclare const hooks: Hooks;\nhooks.on('x', async () => { await save(1); });`,
    'an emitter created with captureRejections': `const safeEmitter = new EventEmitter({ captureRejections: true });\nsafeEmitter.on('data', async () => { await save(1); });`,
    'a subclass that passes captureRejections to super': `class Bus extends EventEmitter { constructor() { super({ captureRejections: true }); } }\nconst bus = new Bus();\nbus.on('data', async () => { await save(1); });`,
    'captureRejections switched on for every emitter': `EventEmitter.captureRejections = true;\nemitter.on('data', async () => { await save(1); });`,
    'a handler whose whole body is inside try/catch (typescript-eslint flags it)': `emitter.on('data', async () => { try { await save(1); } catch (error) { console.error(error); } });`,
    'a synchronous callback': `items.forEach((n) => console.log(n));`,
    'a sync wrapper that voids the promise': `setTimeout(() => { void save(1); }, 10);`,
    'the executor of new Promise (another rule)': `export const p = new Promise<void>(async (resolve) => { await save(1); resolve(); });`,
    '.then with an async callback (then accepts promises)': `export const q = save(1).then(async () => { await save(2); });`,
    'a test runner that accepts async functions': `declare function it(name: string, fn: () => void | Promise<void>): void;\nit('works', async () => { await save(1); });`,
    'an async object method whose slot accepts promises': `export const hooks: { start(): Promise<void> | void } = { async start() { await save(1); } };`,
    'a property reference whose slot accepts promises': `async function resume(): Promise<void> { await save(1); }\nexport const hooks: { resume: () => Promise<void> } = { resume };\nexport const more: { resume: () => Promise<void> } = { resume: resume };`,
    'an Express route handler (express-async-route reports it, knowing the Express version)': `import express from 'express';\nconst app = express();\napp.get('/', async (_req, res) => { await save(1); res.send('ok'); });`,
    'a callback typed unknown': `declare function run(fn: () => unknown): void;\nrun(async () => { await save(1); });`,
    'reduce with an async reducer whose result is awaited': `export const total = items.reduce(async (sum, n) => (await sum) + n, Promise.resolve(0));`,
  };
  for (const [name, code] of Object.entries(clean)) {
    it(name, () => {
      tester.expectValid(`${code}\n`);
    });
  }
});

describe('async-void-callback: options', () => {
  it('rejects a non-boolean strict', () => {
    expect(() => tester.run('', { options: { strict: 1 } })).toThrow(
      new TypeError('Expected `strict` of rule `async-void-callback` to be a boolean, got `1` (number)'),
    );
  });
});

describe('async-void-callback: JSDoc closure-style types', () => {
  it('a callee typed by `function(string): void` in JSDoc is checked without a crash (pino lib/worker.js)', () => {
    const js = ruleTester('async-void-callback', {
      fileName: 'a.js',
      compilerOptions: { ...testCompilerOptions, checkJs: true },
    });
    js.expectValid(`/** @type {function(string): void} */\nconst f = (cb) => {};\nf(async () => {});\n`);
  });
});

describe('async-void-callback: test frameworks', () => {
  /** mocha's declarations, in the order @types/mocha gives them: `Func` (void) before `AsyncFunc`. */
  const mocha = `interface Done { (error?: unknown): void }
type Func = (this: unknown, done: Done) => void;
type AsyncFunc = (this: unknown) => PromiseLike<unknown>;
interface TestFunction { (title: string, fn?: Func): void; (title: string, fn?: AsyncFunc): void }
interface HookFunction { (fn: Func): void; (fn: AsyncFunc): void }
declare const it: TestFunction;
declare const beforeEach: HookFunction;
`;

  it("is quiet: mocha's it(() => promise) and beforeEach(async …) (the AsyncFunc overload)", () => {
    tester.expectValid({
      code: `it('saves', () => save(1));\nit('saves again', async () => { await save(2); });\nbeforeEach(async () => { await save(3); });\n`,
      files: { 'mocha.d.ts': mocha },
    });
  });

  it('is still reported: a forEach inside a mocha test', () => {
    tester.flags(
      `it('saves', async () => {\n  items.forEach(/*!*/async (n) => { await save(n); });\n});\n`,
      'voidCallback',
      {
        files: { 'mocha.d.ts': mocha },
      },
    );
  });

  it('is quiet: an async callback whose body only registers tests (the runner reports their failures)', () => {
    tester.expectValid({
      code: `declare function describeDriver(options: { additionalTests?: () => void }): void;
describeDriver({
  async additionalTests() {
    it('reads', async () => { await save(1); });
    it('writes', async () => { await save(2); });
  },
});
`,
      files: { 'mocha.d.ts': mocha },
    });
  });

  it('is quiet: type tests are never run', () => {
    tester.expectValid({
      code: `items.forEach(async (n) => { await save(n); });\n`,
      fileName: 'api.test-d.ts',
    });
  });
});

describe('async-void-callback: timers and listeners of a command-line script', () => {
  const tick = `setInterval(/*!*/async () => { await save(1); }, 2000);\n`;

  it('is left at default severity: a rejection ends the script with the error, like its main()', () => {
    tester.expectValid({ code: tick, fileName: 'scripts/stress-test/reconnect.ts' });
    tester.expectValid({
      code: `emitter.on('line', async () => { await save(1); });\n`,
      fileName: 'bin/cli.ts',
    });
  });

  it('is reported with strict, saying so', () => {
    const { findings } = tester.flags(tick, 'voidCallbackScript', {
      fileName: 'scripts/stress-test/reconnect.ts',
      options: { strict: true },
    });
    expect(findings[0]!.message).toContain('ends this command-line script with the error');
  });

  // domain-driven-hexagon's `database/seed.ts`: `fs.readdir(dir, async (err, files) => { …await seed(…) })`.
  const readdirSeed = `import { readdir } from 'node:fs';\nreaddir('seeds', /*!*/async (error, files) => {\n  if (error) return;\n  for (const file of files) await save(file.length);\n});\n`;
  const ownCompletion = `declare function load(done: (error: Error | null, rows?: number[]) => void): void;\nload(/*!*/async function (error, rows) {\n  if (error !== null) throw error;\n  await save(rows?.length ?? 0);\n});\n`;

  it("is left at default severity: a Node-style completion callback's rejection ends the script too", () => {
    tester.expectValid({ code: readdirSeed, fileName: 'database/seed.ts' });
    tester.expectValid({ code: ownCompletion, fileName: 'scripts/migrate.ts' });
    tester.flags(readdirSeed, 'voidCallbackScript', { fileName: 'bin/seed.ts', options: { strict: true } });
  });

  it('is still reported: a completion callback in a server or library, where the rejection is lost', () => {
    tester.flags(readdirSeed, 'voidCallback', { fileName: 'src/files.ts' });
    tester.flags(ownCompletion, 'voidCallback', { fileName: 'src/load.ts' });
  });

  it('is still reported in a script: a callback whose first parameter is no error (not a completion callback)', () => {
    tester.flags(
      `declare function each(visit: (name: string | null) => void): void;\neach(/*!*/async (name) => { await save(name?.length ?? 0); });\n`,
      'voidCallback',
      { fileName: 'scripts/walk.ts' },
    );
  });

  it('is still reported in a server or library, and for forEach in a script (nothing waits for the work)', () => {
    tester.flags(tick, 'voidCallback', { fileName: 'src/health.ts' });
    tester.flags(`items.forEach(/*!*/async (n) => { await save(n); });\n`, 'voidCallback', {
      fileName: 'scripts/import.ts',
    });
  });
});

describe('async-void-callback: an async forEach callback that awaits, even when it cannot reject', () => {
  it('is reported: the loop does not wait for the work it starts', () => {
    tester.flags(
      `declare const sink: { write(chunk: string): void };\nexport function print(rows: string[]): void {\n  rows.forEach(/*!*/async (row) => {\n    sink.write(row);\n    await new Promise((resolve) => setTimeout(resolve, 200));\n  });\n}\n`,
      'unwaitedLoop',
    );
  });

  it('is left when the callback never awaits and cannot reject', () => {
    tester.expectValid(
      `declare const sink: { write(chunk: string): void };\nexport function print(rows: string[]): void {\n  rows.forEach(async (row) => {\n    sink.write(row);\n  });\n}\n`,
    );
  });
});

describe('async-void-callback: a listener whose only way to fail is parsing its input', () => {
  // A socket or queue message handler that parses the message before its guarded work: a malformed message throws
  // outside the try, so the listener's promise rejects with nobody to catch it (botpress-style socket handlers).
  it('is reported when JSON.parse runs outside the try (TypeScript, an arrow on an emitter)', () => {
    tester.flags(
      `declare function log(e: unknown): void;\nemitter.on('message', /*!*/async (raw: string) => {\n  const message = JSON.parse(raw) as { id: number };\n  try {\n    await save(message.id);\n  } catch (error) {\n    log(error);\n  }\n});\n`,
      'voidCallback',
    );
  });

  it('is reported for new URL(…) in a JavaScript function expression on addEventListener', () => {
    tester.flags(
      `declare function log(e: unknown): void;\ndeclare const socket: EventTarget;\nsocket.addEventListener('message', /*!*/async function (event) {\n  const target = new URL(String(event));\n  try {\n    await save(target.port.length);\n  } catch (error) {\n    log(error);\n  }\n});\n`,
      'voidCallback',
    );
  });

  it('is not reported at default once the parse is inside the try (the fixed code), nor for a library call that only fails by misuse', () => {
    tester.expectValid(
      `declare function log(e: unknown): void;\nemitter.on('message', async (raw: string) => {\n  try {\n    const message = JSON.parse(raw) as { id: number };\n    await save(message.id);\n  } catch (error) {\n    log(error);\n  }\n});\n`,
    );
    tester.expectValid(
      `declare function log(e: unknown): void;\ndeclare function toast(text: string): void;\nemitter.on('message', async (raw: string) => {\n  toast(raw);\n  try {\n    await save(raw.length);\n  } catch (error) {\n    log(error);\n  }\n});\n`,
    );
  });
});

// `.finally(cb)` waits for a thenable its callback returns and rejects with its rejection (ECMAScript `thenFinally`),
// though its type says `() => void` (fastify/demo's `assert.rejects(…).finally(async () => { await app.close() })`).
describe('async-void-callback: the callback of a promise’s finally()', () => {
  it('is not reported: the chain waits for it (an arrow, and a named async function)', () => {
    tester.expectValid(
      'export async function run(close: () => Promise<void>) {\n  await save(1).finally(async () => {\n    await close();\n  });\n}\n',
    );
    tester.expectValid(
      'async function shutdown() { await save(2); }\nexport function run() {\n  return save(1).finally(shutdown);\n}\n',
    );
  });

  it('is still reported as the callback of a finally() that is not a promise’s', () => {
    tester.flags(
      'declare const job: { finally(callback: () => void): void };\njob.finally(/*!*/async () => {\n  await save(1);\n});\n',
      'voidCallback',
    );
  });
});

// UI code and Electron apps log an unhandled rejection and go on: the defect is the work a failure skips (a loading
// flag never reset, a request callback never called), not the rejection (caprine's menu clicks, nextjs forms).
describe('async-void-callback: where a rejection is only logged (UI code, an Electron app)', () => {
  const electronApp = { 'package.json': '{ "name": "app", "devDependencies": { "electron": "^29.0.1" } }' };
  const ui = ruleTester('async-void-callback', {
    prelude: 'declare function save(): Promise<void>;\ndeclare function setBusy(busy: boolean): void;\n',
  });

  it('is left when the awaits are the last steps (TypeScript menu item in Electron; a JSX handler)', () => {
    ui.expectValid({
      code: 'declare function setTheme(theme: string): void;\nexport const item = { async click() {\n  setTheme("dark");\n  await save();\n} };\nexport const menu: Array<{ click(): void }> = [item];\n',
      fileName: 'src/menu.ts',
      extraFiles: electronApp,
    });
    ui.expectValid({
      code: 'export function Button() {\n  return <button onClick={async () => {\n    setBusy(true);\n    await save();\n  }} />;\n}\n',
      fileName: 'button.tsx',
    });
  });

  it('is reported when a failure leaves work half done: a flag set before the await and reset after it', () => {
    const { findings } = ui.flags(
      'export function Button() {\n  return <button onClick={/*!*/async () => {\n    setBusy(true);\n    await save();\n    setBusy(false);\n  }} />;\n}\n',
      'voidCallbackUndone',
      { fileName: 'button.tsx' },
    );
    expect(findings[0]!.message).toContain(
      '`setBusy(false)` (line 7) is skipped, leaving what `setBusy(true)` set. In UI code the failure is only logged',
    );
    // The same bracket on a field, in a JavaScript renderer of an Electron app.
    ui.flags(
      'export class Panel {\n  /** @param {HTMLButtonElement} button */\n  constructor(button) {\n    button.addEventListener("click", /*!*/async () => {\n      this.loading = true;\n      await save();\n      this.loading = false;\n    });\n  }\n}\n',
      'voidCallbackUndone',
      { fileName: 'src/panel.js', extraFiles: electronApp },
    );
  });

  it('is reported when a failure skips a callback the caller waits for (TypeScript and JavaScript)', () => {
    ui.flags(
      '/** @param {(r: unknown) => void} listener */\nfunction onBeforeRequest(listener) { return listener; }\nonBeforeRequest(/*!*/async (callback) => {\n  callback(await save());\n});\n',
      'voidCallbackUndone',
      { fileName: 'src/index.js', extraFiles: electronApp },
    );
    const { findings } = ui.flags(
      'declare function onBeforeRequest(listener: (details: { url: string }, callback: (response: object) => void) => void): void;\nonBeforeRequest(/*!*/async ({ url }, callback) => {\n  if (url.endsWith(".png")) {\n    await save();\n    callback({ cancel: false });\n  } else callback({});\n});\n',
      'voidCallbackUndone',
      { fileName: 'src/main.ts', extraFiles: electronApp },
    );
    expect(findings[0]!.message).toContain(
      '`callback(…)` (line 7), which the caller waits for, is never called',
    );
  });

  it('is left when a failure skips only work that needs the awaited value, or a reset a finally runs anyway', () => {
    // caprine's DOMContentLoaded: the zoom is applied from what the await reads; a failure has nothing to apply.
    ui.expectValid({
      code: 'declare function readZoom(): Promise<number>;\ndeclare function setZoom(zoom: number): void;\ndeclare function addStyles(): void;\ndocument.addEventListener("DOMContentLoaded", async () => {\n  addStyles();\n  const zoom = await readZoom();\n  setZoom(zoom);\n  setBusy(false);\n});\n',
      fileName: 'src/browser.ts',
      extraFiles: electronApp,
    });
    // Start-up steps after an await, none of which the code set up before it.
    ui.expectValid({
      code: 'export const item = {\n  async click() {\n    setBusy(true);\n    await save();\n    await save();\n  },\n};\nexport const menu: Array<{ click(): void }> = [item];\n',
      fileName: 'src/menu.ts',
      extraFiles: electronApp,
    });
    ui.expectValid({
      code: 'export function Button() {\n  return <button onClick={async () => {\n    setBusy(true);\n    try {\n      await save();\n    } finally {\n      setBusy(false);\n    }\n  }} />;\n}\n',
      fileName: 'button.tsx',
    });
  });

  it('is left when the skipped work sits in a try whose catch handles the failure, and reported with strict', () => {
    ui.expectValid({
      code: 'export function Button() {\n  return <button onClick={async () => {\n    try {\n      await save();\n      setBusy(false);\n    } catch {\n      setBusy(false);\n    }\n    await save();\n  }} />;\n}\n',
      fileName: 'button.tsx',
    });
    expect(
      ui
        .findings(
          'export function Button() {\n  return <button onClick={async () => {\n    setBusy(true);\n    await save();\n  }} />;\n}\n',
          { fileName: 'button.tsx', options: { strict: true } },
        )
        .map((f) => f.messageId),
    ).toEqual(['voidCallbackLogged']);
  });

  it('is still reported in a Node program (the rejection ends the process)', () => {
    ui.flags(
      'import { EventEmitter } from "node:events";\ndeclare const bus: EventEmitter;\nbus.on("tick", /*!*/async () => {\n  await save();\n});\n',
      'voidCallback',
    );
  });
});

describe('async-void-callback: UI test code keeps the plain rule', () => {
  it('is reported in a test file with JSX: the test ends before the callback’s assertions run', () => {
    const ui = ruleTester('async-void-callback', {
      prelude:
        'declare function render(element: unknown): Promise<void>;\ndeclare function withSize(callback: () => void): void;\n',
    });
    ui.flags('withSize(/*!*/async () => {\n  await render(<div />);\n});\n', 'voidCallback', {
      fileName: 'sidebar.test.tsx',
    });
  });
});
