import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

/**
 * Rejections the program answers for: at default severity floating-promise leaves them (the whole-repository review
 * read them as debatable or false), `{ strict: true }` still reports them, and the same promise anywhere else is
 * reported.
 */
const prelude = `export async function risky(): Promise<void> { await fetch('https://example.com'); }
`;
const tester = ruleTester('floating-promise', { prelude });
const strict = ruleTester('floating-promise', { prelude, options: { strict: true } });

describe("floating-promise: a module's top-level statement (a script's main())", () => {
  const script = `async function main(): Promise<void> {\n  await risky();\n}\n/*!*/main();\n`;
  const iife = `/*!*/(async () => {\n  await risky();\n})();\n`;

  it('is left at default severity: Node ends the process with the error, as a script should fail', () => {
    tester.expectValid(script);
    tester.expectValid(iife);
    tester.expectValid({ code: script, fileName: 'scripts/release.ts' });
    tester.expectValid({ code: script, fileName: 'test/server.bench.ts' });
  });

  it('is reported with strict, with the plain message', () => {
    strict.flags(script, 'floating');
    strict.flags(iife, 'floating');
  });

  it('is still reported inside a function, where the caller goes on without it', () => {
    tester.flags(`export function start(): void {\n  /*!*/risky();\n}\n`, 'floating');
    tester.flags(`export const start = () => {\n  /*!*/risky().then(() => 1);\n};\n`, 'floating');
  });

  it('is still reported at the top level of a test body', () => {
    tester.flags(`import { it } from 'vitest';\nit('saves', () => {\n  /*!*/risky();\n});\n`, 'floating', {
      fileName: 'src/save.test.ts',
    });
  });
});

describe("floating-promise: a program that installs process.on('unhandledRejection')", () => {
  const handler = `process.on('unhandledRejection', (reason) => {\n  console.error(reason);\n  process.exit(1);\n});\n`;

  it('is left when the file installs the handler (anywhere in it)', () => {
    tester.expectValid(`${handler}export function run(): void {\n  risky();\n}\n`);
    tester.expectValid(
      `export function cli(): void {\n  process.once('unhandledRejection', () => { process.exitCode = 1; });\n}\nexport function run(): void {\n  risky();\n  const pending = risky();\n}\n`,
    );
  });

  it('is left when a module the file imports installs it (the CLI entry calling the program)', () => {
    const findings = tester.projectFindings({
      'src/index.ts': `${prelude}${handler}export async function program(): Promise<void> {\n  await risky();\n}\n`,
      'src/bin/cli.ts': `import { program } from '../index.js';\nexport function run(): void {\n  program();\n}\n`,
    });
    expect(findings).toEqual([]);
  });

  it('is reported with strict, saying where the handler is', () => {
    const { findings } = strict.flags(
      `${handler}export function run(): void {\n  /*!*/risky();\n}\n`,
      'floatingOwned',
    );
    expect(findings[0]!.message).toContain("`process.on('unhandledRejection')` at a.ts:2");
  });

  it('is still reported without a handler, with another event, or in a module that does not import it', () => {
    tester.flags(`export function run(): void {\n  /*!*/risky();\n}\n`, 'floating');
    tester.flags(
      `process.on('uncaughtExceptionMonitor', () => {});\nemitter.on('unhandledRejection', () => {});\ndeclare const emitter: import('node:events').EventEmitter;\nexport function run(): void {\n  /*!*/risky();\n}\n`,
      'floating',
    );
    const findings = tester.projectFindings({
      'src/index.ts': `${prelude}${handler}export async function program(): Promise<void> {\n  await risky();\n}\n`,
      'src/lib/save.ts': `${prelude}export function save(): void {\n  risky();\n}\n`,
    });
    expect(findings.map((f) => `${f.file}:${f.line} ${f.messageId}`)).toEqual(['src/lib/save.ts:3 floating']);
  });

  it("is still reported in a test's body: the runner, not the program's handler, sees that test", () => {
    tester.flags(
      `import { it } from 'vitest';\n${handler}it('saves', () => {\n  /*!*/risky();\n});\n`,
      'floating',
      { fileName: 'src/save.test.ts' },
    );
  });
});

describe("floating-promise: a test's last call after its assertions (teardown)", () => {
  const pool = `declare class Pool { destroy(): Promise<void>; size: number }\nimport { expect, it, beforeEach } from 'vitest';\n`;

  it('is left: what the test checks has been checked', () => {
    tester.expectValid({
      code: `${pool}it('is a pool', () => {\n  const pool = new Pool();\n  expect(pool.size).toBe(0);\n  pool.destroy();\n});\n`,
      fileName: 'test/pool.test.ts',
    });
  });

  it('is reported with strict', () => {
    strict.flags(
      `${pool}it('is a pool', () => {\n  const pool = new Pool();\n  expect(pool.size).toBe(0);\n  /*!*/pool.destroy();\n});\n`,
      'floatingOwned',
      { fileName: 'test/pool.test.ts' },
    );
  });

  it('is still reported as the only call, before the assertions, or in a setup hook', () => {
    tester.flags(
      `${pool}it('destroys', () => {\n  const pool = new Pool();\n  /*!*/pool.destroy();\n});\n`,
      'floating',
      { fileName: 'test/pool.test.ts' },
    );
    tester.flags(
      `${pool}it('destroys', () => {\n  const pool = new Pool();\n  /*!*/pool.destroy();\n  expect(pool.size).toBe(0);\n});\n`,
      'floating',
      { fileName: 'test/pool.test.ts' },
    );
    tester.flags(
      `${pool}declare const pool: Pool;\nbeforeEach(() => {\n  expect(pool.size).toBe(0);\n  /*!*/risky();\n});\n`,
      'floating',
      { fileName: 'test/pool.test.ts' },
    );
  });
});

describe('floating-promise: a test chain that ends through its callback parameter (knex callback transactions)', () => {
  const knex = `interface Trx { commit(value?: unknown): void; rollback(error?: unknown): void }
declare function transaction(handler: (trx: Trx) => void): Promise<unknown>;
declare function insert(trx: Trx): Promise<number[]>;
import { it } from 'vitest';
`;

  it('is left: the transaction the test returns ends when the chain commits', () => {
    tester.expectValid({
      code: `${knex}it('commits', () => {\n  return transaction((t) => {\n    insert(t)\n      .then(() => insert(t))\n      .then(() => {\n        t.commit('done');\n      });\n  });\n});\n`,
      fileName: 'test/transaction.ts',
    });
    tester.expectValid({
      code: `${knex}it('commits', () => transaction((t) => {\n  insert(t).then(t.commit);\n}));\n`,
      fileName: 'test/transaction.ts',
    });
  });

  it('is left in a test file whose harness hands the test function in (tape suites of knex)', () => {
    tester.expectValid({
      code: `${knex}type Test = (name: string, body: (t: unknown) => Promise<void>) => void;\nexport default (test: Test) => {\n  test('rolls back', async () => {\n    await transaction((trx) => {\n      insert(trx).then(() => {\n        trx.rollback(new Error('stop'));\n      });\n    });\n  });\n};\n`,
      fileName: 'test/tape/transactions.ts',
    });
  });

  it('is reported with strict', () => {
    strict.flags(
      `${knex}it('commits', () => transaction((t) => {\n  /*!*/insert(t).then(() => { t.commit(); });\n}));\n`,
      'floatingOwned',
      { fileName: 'test/transaction.ts' },
    );
  });

  it('is still reported when the chain never settles the transaction, or outside tests', () => {
    tester.flags(
      `${knex}it('commits', () => transaction((t) => {\n  /*!*/insert(t).then((ids) => ids.length);\n}));\n`,
      'floating',
      { fileName: 'test/transaction.ts' },
    );
    // In production code the same chain leaves the transaction hanging when the insert fails, and nothing reports it.
    tester.flags(
      `${knex}export const save = () => transaction((t) => {\n  /*!*/insert(t).then(() => { t.commit(); });\n});\n`,
      'floating',
      { fileName: 'src/save.ts' },
    );
  });
});

describe('floating-promise: UI code (JSX or `use client`), where an unhandled rejection is logged and the app goes on', () => {
  const bare = ruleTester('floating-promise');
  const form = (handler: string): string =>
    `declare function useState<T>(value: T): [T, (next: T) => void];\n` +
    `export function ProfileForm() {\n  const [busy, setBusy] = useState(false);\n  const onSubmit = () => {\n${handler}\n  };\n  return <form onSubmit={onSubmit}>{busy ? 'Saving' : 'Save'}</form>;\n}\n`;

  it('is left when the call is the last thing its handler does (fire-and-forget: a sign-in that redirects)', () => {
    tester.expectValid({ code: form('    setBusy(true);\n    risky();'), fileName: 'profile-form.tsx' });
    // A directive must come first, so these two declare `risky` themselves rather than take the prelude.
    bare.expectValid({
      code: `'use client';\ndeclare function risky(): Promise<void>;\nexport function useEditor(ready: boolean) {\n  if (ready) {\n    risky();\n    return () => undefined;\n  }\n  return undefined;\n}\n`,
      fileName: 'use-editor.ts',
    });
    tester.expectValid({
      code: `export class Menu {\n  onSelect(event) {\n    event.preventDefault();\n    risky();\n  }\n  render() {\n    return <ul onClick={() => this.onSelect()} />;\n  }\n}\n`,
      fileName: 'menu.jsx',
    });
  });

  it('is reported with strict, saying why it is left', () => {
    expect(
      strict
        .findings(form('    setBusy(true);\n    risky();'), { fileName: 'profile-form.tsx' })
        .map((f) => f.messageId),
    ).toEqual(['floatingOwned']);
  });

  it('is reported when later work undoes what was set before it (the loading flag reset before the request ends)', () => {
    const { findings } = tester.flags(
      form('    setBusy(true);\n    /*!*/risky();\n    setBusy(false);'),
      'floatingUi',
      {
        fileName: 'profile-form.tsx',
      },
    );
    expect(findings[0]!.message).toContain(
      '`setBusy(false)` (line 8) undoes `setBusy(true)` before it has finished',
    );
    // The same bracket on a field, with the reset in a nested block, in JavaScript.
    bare.flags(
      `'use client';\n/** @returns {Promise<void>} */\nfunction risky() { return Promise.reject(new Error('no')); }\nexport class Uploader {\n  submit(ok) {\n    this.loading = true;\n    /*!*/risky();\n    if (ok) {\n      this.loading = false;\n    }\n  }\n}\n`,
      'floatingUi',
      { fileName: 'uploader.js' },
    );
  });

  it('is reported when later work reads what the call writes once it awaits (data flow into the callee)', () => {
    const { findings } = bare.flags(
      `'use client';\ndeclare function fetchTheme(): Promise<string>;\ndeclare function paint(theme: string): void;\nlet theme = 'light';\nasync function loadTheme() {\n  theme = await fetchTheme();\n}\nexport function start() {\n  /*!*/loadTheme();\n  paint(theme);\n}\n`,
      'floatingUi',
      { fileName: 'start.ts' },
    );
    expect(findings[0]!.message).toContain('`theme` (line 10) is read before the call has written it');
    bare.flags(
      `'use client';\nexport class Settings {\n  load() {\n    return fetch('/settings').then((response) => {\n      this.values = response;\n    });\n  }\n  open() {\n    /*!*/this.load();\n    return this.values;\n  }\n}\n`,
      'floatingUi',
      { fileName: 'settings.js' },
    );
  });

  it('is left when what follows merely comes after it (independent steps, a clean-up of its own)', () => {
    bare.expectValid({
      code: `'use client';\ndeclare function risky(): Promise<void>;\nexport function submit(close: () => void, ok: boolean) {\n  if (ok) {\n    risky();\n  }\n  close();\n}\n`,
      fileName: 'submit.ts',
    });
    // The callee writes only before its first await, which has happened when the call returns.
    bare.expectValid({
      code: `'use client';\ndeclare function fetchTheme(): Promise<string>;\nlet theme = 'light';\nasync function loadTheme(next: string) {\n  theme = next;\n  await fetchTheme();\n}\nexport function start() {\n  loadTheme('dark');\n  console.log(theme);\n}\n`,
      fileName: 'start.ts',
    });
  });

  it('is reported when a .then continuation is skipped, or a catch around it was meant to handle it', () => {
    tester.flags(form('    /*!*/risky().then(() => setBusy(false));'), 'floatingUi', {
      fileName: 'profile-form.tsx',
    });
    tester.flags(
      form('    try {\n      /*!*/risky();\n    } catch {\n      setBusy(false);\n    }'),
      'floatingUi',
      { fileName: 'profile-form.tsx' },
    );
  });

  it('is still reported in a module without JSX or `use client` (a Node process exits on it)', () => {
    tester.flags(
      `export function onSubmit(setBusy: (b: boolean) => void) {\n  setBusy(true);\n  /*!*/risky();\n}\n`,
      'floating',
      { fileName: 'profile.ts' },
    );
  });
});

describe('floating-promise: an Electron app, whose main process and renderers log an unhandled rejection and go on', () => {
  const electronApp = { 'package.json': '{ "name": "app", "devDependencies": { "electron": "^29.0.1" } }' };
  const nodeApp = { 'package.json': '{ "name": "app", "dependencies": { "express": "^4.21.0" } }' };
  const menuClick = (body: string): string =>
    `declare const shell: { openPath(path: string): Promise<string>; trashItem(path: string): Promise<void> };\n` +
    `declare const app: { relaunch(): void; quit(): void };\n` +
    `export const item = {\n  click() {\n${body}\n  },\n};\n`;

  it('is left when the call is the last thing its function does (TypeScript, a menu item)', () => {
    tester.expectValid({
      code: menuClick("    shell.openPath('/tmp');"),
      fileName: 'src/menu.ts',
      extraFiles: electronApp,
    });
  });

  it('is left in a JavaScript ipc answer of a renderer', () => {
    tester.expectValid({
      code: `/** @param {string} channel @param {() => void} answer */\nfunction answerMain(channel, answer) { return [channel, answer]; }\nanswerMain('search', () => {\n  risky();\n});\n`,
      fileName: 'src/browser.js',
      extraFiles: electronApp,
    });
  });

  it('is left when the statements after it do not depend on it (start-up steps one after the other)', () => {
    tester.expectValid({
      code: `declare const win: { loadURL(url: string): Promise<void>; on(event: string, listener: () => void): void };\nexport function createWindow() {\n  win.loadURL('https://example.com');\n  win.on('close', () => undefined);\n}\n`,
      fileName: 'src/index.ts',
      extraFiles: electronApp,
    });
    // A dependency only the platform knows (a relaunch that reads the trashed folder) is not one data flow sees.
    tester.expectValid({
      code: menuClick("    shell.trashItem('/data');\n    app.relaunch();\n    app.quit();"),
      fileName: 'src/menu.ts',
      extraFiles: electronApp,
    });
  });

  it('is reported when the work after it depends on it (a state it brackets, a catch it escapes)', () => {
    const { findings } = tester.flags(
      `declare const shell: { trashItem(path: string): Promise<void> };\nlet busy = false;\nexport const item = {\n  click() {\n    busy = true;\n    /*!*/shell.trashItem('/data');\n    busy = false;\n  },\n};\n`,
      'floatingUi',
      { fileName: 'src/menu.ts', extraFiles: electronApp },
    );
    expect(findings[0]!.message).toContain(
      '`busy = false` (line 8) undoes `busy = true` before it has finished',
    );
    tester.flags(
      `/** @param {() => Promise<void>} send */\nexport function notify(send) {\n  try {\n    /*!*/send();\n  } catch (error) {\n    console.error(error);\n  }\n}\n`,
      'floatingUi',
      { fileName: 'src/notify.js', extraFiles: electronApp },
    );
  });

  it('is reported with strict, saying why it is left', () => {
    expect(
      strict
        .findings(menuClick("    shell.openPath('/tmp');"), {
          fileName: 'src/menu.ts',
          extraFiles: electronApp,
        })
        .map((f) => f.message),
    ).toEqual([expect.stringContaining('in an Electron app, which logs an unhandled rejection and goes on')]);
  });

  it('is still reported in a Node program that does not declare electron', () => {
    tester.flags(menuClick("    /*!*/shell.openPath('/tmp');"), 'floating', {
      fileName: 'src/menu.ts',
      extraFiles: nodeApp,
    });
  });
});
