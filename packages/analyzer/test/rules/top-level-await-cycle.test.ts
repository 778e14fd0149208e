import { describe, expect, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

type Files = Record<string, string>;

const tester = ruleTester('top-level-await-cycle');

/** [file, line, column, message] of every finding in the project. */
function run(files: Files): [string, number, number, string][] {
  return tester.projectFindings(files).map((f) => [f.file, f.line, f.column, f.message]);
}

describe('top-level-await-cycle: flagged', () => {
  it('a two-module cycle, reported on the module that awaits with the path', () => {
    const findings = run({
      'a.ts': `import { b } from './b.js';\nexport const a = await Promise.resolve(b + 1);\n`,
      'b.ts': `import { a } from './a.js';\nexport const b = 1;\nexport const twice = () => a * 2;\n`,
    });
    expect(findings.map(([file, line, column]) => [file, line, column])).toEqual([['a.ts', 2, 18]]);
    expect(findings[0]?.[3]).toContain('(a.ts → b.ts → a.ts)');
  });

  it.each<[string, Files, [string, number, number]]>([
    [
      'a three-module cycle',
      {
        'a.ts': `import './b.js';\nawait Promise.resolve();\nexport const a = 1;\n`,
        'b.ts': `import './c.js';\nexport const b = 2;\n`,
        'c.ts': `import { a } from './a.js';\nexport const c = a + 1;\n`,
      },
      ['a.ts', 2, 1],
    ],
    [
      'a top-level for await',
      {
        'a.ts': `import { items } from './b.js';\nfor await (const x of items()) console.log(x);\nexport const a = 1;\n`,
        'b.ts': `import { a } from './a.js';\nexport async function* items() { yield a; }\n`,
      },
      ['a.ts', 2, 5],
    ],
    [
      'a cycle through a re-export',
      {
        'a.ts': `export * from './b.js';\nexport const a = 1;\n`,
        'b.ts': `import { a } from './a.js';\nexport const b = await Promise.resolve(a);\n`,
      },
      ['b.ts', 2, 18],
    ],
    [
      'an await import() of a module that imports back (a deadlock)',
      {
        'a.ts': `export const a = 1;\nconst mod = await import('./b.js');\nexport const b = mod.b;\n`,
        'b.ts': `import { a } from './a.js';\nexport const b = a + 1;\n`,
      },
      ['a.ts', 2, 13],
    ],
    [
      'a module that imports itself',
      {
        'a.ts': `import * as self from './a.js';\nexport const a = await Promise.resolve(1);\nexport const copy = self.a;\n`,
      },
      ['a.ts', 2, 18],
    ],
    [
      'plain .mjs modules',
      {
        'a.mjs': `import { b } from './b.mjs';\nexport const a = await Promise.resolve(b);\n`,
        'b.mjs': `import { a } from './a.mjs';\nexport const b = 1;\nexport const get = () => a;\n`,
      },
      ['a.mjs', 2, 18],
    ],
    [
      'an await inside a top-level block',
      {
        'a.ts': `import { flag } from './b.js';\nif (flag) {\n  await Promise.resolve();\n}\nexport const a = 1;\n`,
        'b.ts': `import { a } from './a.js';\nexport const flag = true;\nexport const get = () => a;\n`,
      },
      ['a.ts', 3, 3],
    ],
    [
      'a module in a subfolder',
      {
        'a.ts': `import { b } from './lib/b.js';\nexport const a = await Promise.resolve(b);\n`,
        'lib/b.ts': `import { a } from '../a.js';\nexport const b = 1;\nexport const get = () => a;\n`,
      },
      ['a.ts', 2, 18],
    ],
    [
      'a local function called at top level that reads the cycle',
      {
        'a.ts': `import { b } from './b.js';\nfunction describe() { return b.name; }\nexport const config = await Promise.resolve({});\nexport const label = describe();\n`,
        'b.ts': `import { config } from './a.js';\nexport const b = { name: 'b' };\nexport const get = () => config;\n`,
      },
      ['a.ts', 3, 23],
    ],
    [
      'a timer callback armed while the cycle loads (JavaScript)',
      {
        'a.mjs': `import './b.mjs';\nexport const config = await Promise.resolve({});\n`,
        'b.mjs': `import { config } from './a.mjs';\nsetTimeout(() => console.log(config), 0);\n`,
      },
      ['a.mjs', 2, 23],
    ],
    [
      'a class that extends a class of the cycle',
      {
        'a.ts': `import { Base } from './b.js';\nexport const ready = await Promise.resolve(true);\nexport class Child extends Base {}\n`,
        'b.ts': `import { ready } from './a.js';\nexport class Base { ok() { return ready; } }\n`,
      },
      ['a.ts', 2, 22],
    ],
    [
      'a class constructed at top level whose field reads the cycle',
      {
        'a.ts': `import { settings } from './b.js';\nclass Store { limit = settings.limit; }\nexport const ready = await Promise.resolve(true);\nexport const store = new Store();\n`,
        'b.ts': `import { ready } from './a.js';\nexport const settings = { limit: 1 };\nexport const isReady = () => ready;\n`,
      },
      ['a.ts', 3, 22],
    ],
    [
      'an import() of the cycle inside a function (it may run while the await is pending)',
      {
        'a.ts': `import './b.js';\nasync function plugins() { return import('./b.js'); }\nexport const loaded = await plugins();\n`,
        'b.ts': `import { loaded } from './a.js';\nexport const get = () => loaded;\n`,
      },
      ['a.ts', 3, 23],
    ],
  ])('%s', (_name, files, expected) => {
    expect(run(files).map(([file, line, column]) => [file, line, column])).toEqual([expected]);
  });

  it('names the use that runs while the modules load', () => {
    const [finding] = run({
      'a.ts': `import { b } from './b.js';\nexport const a = await Promise.resolve(b + 1);\n`,
      'b.ts': `import { a } from './a.js';\nexport const b = 1;\nexport const twice = () => a * 2;\n`,
    });
    expect(finding?.[3]).toContain('`b` is used at a.ts:2 while the modules load');
  });

  it('names a subfolder module relative to the reporting file', () => {
    const [finding] = run({
      'a.ts': `import { b } from './lib/b.js';\nexport const a = await Promise.resolve(b);\n`,
      'lib/b.ts': `import { a } from '../a.js';\nexport const b = 1;\nexport const get = () => a;\n`,
    });
    expect(finding?.[3]).toContain('(a.ts → lib/b.ts → a.ts)');
  });

  it('reports every module of the cycle that awaits', () => {
    const findings = run({
      'a.ts': `import { b } from './b.js';\nexport const a = await Promise.resolve(b);\n`,
      'b.ts': `import { a } from './a.js';\nexport const b = await Promise.resolve(1);\nexport const get = () => a;\n`,
    });
    expect(findings.map(([file]) => file)).toEqual(['a.ts', 'b.ts']);
  });
});

describe('top-level-await-cycle: not flagged', () => {
  it.each<[string, Files]>([
    [
      'top-level await without a cycle',
      {
        'a.ts': `import { b } from './b.js';\nexport const a = await Promise.resolve(b);\n`,
        'b.ts': `export const b = 1;\n`,
      },
    ],
    [
      'a cycle without top-level await',
      {
        'a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
        'b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
      },
    ],
    [
      'an await inside a function of the cycle',
      {
        'a.ts': `import { b } from './b.js';\nexport async function a() { return await Promise.resolve(b); }\n`,
        'b.ts': `import { a } from './a.js';\nexport const b = 1;\nexport const get = () => a;\n`,
      },
    ],
    [
      'a type-only import closing the cycle',
      {
        'a.ts': `import { b } from './b.js';\nexport interface A { n: number }\nexport const a = await Promise.resolve(b);\n`,
        'b.ts': `import type { A } from './a.js';\nexport const b = 1;\nexport const make = (): A => ({ n: b });\n`,
      },
    ],
    [
      'an import used only as a type (erased)',
      {
        'a.ts': `import { b } from './b.js';\nexport class A { n = 1 }\nexport const a = await Promise.resolve(b);\n`,
        'b.ts': `import { A } from './a.js';\nexport const b = 1;\nexport function use(x: A): number { return x.n; }\n`,
      },
    ],
    [
      'a type-only re-export closing the cycle',
      {
        'a.ts': `import { b } from './b.js';\nexport interface A { n: number }\nexport const a = await Promise.resolve(b);\n`,
        'b.ts': `export type { A } from './a.js';\nexport const b = 1;\n`,
      },
    ],
    [
      'top-level await in a module that only imports a cycle',
      {
        'main.ts': `import { a } from './a.js';\nawait Promise.resolve(a);\n`,
        'a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
        'b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
      },
    ],
    [
      'a dynamic import inside a function',
      {
        'a.ts': `export const a = 1;\nexport async function load() { return import('./b.js'); }\nawait Promise.resolve();\n`,
        'b.ts': `import { a } from './a.js';\nexport const b = a;\n`,
      },
    ],
    [
      'an await in a class method of the cycle',
      {
        'a.ts': `import { b } from './b.js';\nexport class A { async run() { await Promise.resolve(b); } }\n`,
        'b.ts': `import { A } from './a.js';\nexport const b = 1;\nexport const make = () => new A();\n`,
      },
    ],
    [
      'imports of packages',
      {
        'a.ts': `import { EventEmitter } from 'node:events';\nexport const e = new EventEmitter();\nawait Promise.resolve(e);\n`,
      },
    ],
  ])('%s', (_name, files) => {
    expect(run(files)).toEqual([]);
  });
});

/** Cycles whose modules reach each other only through functions called after loading: strict only. */
const loadsSafely: [string, Files, [string, number, number]][] = [
  [
    'a three-module cycle closed by a function body',
    {
      'a.ts': `import './b.js';\nawait Promise.resolve();\nexport const a = 1;\n`,
      'b.ts': `import './c.js';\nexport const b = 2;\n`,
      'c.ts': `import { a } from './a.js';\nexport const c = () => a;\n`,
    },
    ['a.ts', 2, 1],
  ],
  [
    'a module that reads itself back inside a function',
    {
      'a.ts': `import * as self from './a.js';\nexport const a = await Promise.resolve(1);\nexport const get = () => self.a;\n`,
    },
    ['a.ts', 2, 18],
  ],
  [
    'side-effect imports only',
    {
      'a.ts': `import './b.js';\nawait Promise.resolve();\n`,
      'b.ts': `import './a.js';\n`,
    },
    ['a.ts', 2, 1],
  ],
  [
    'helpers used only inside exported functions (np util.js and git-util.js, JavaScript)',
    {
      'util.mjs': `import * as git from './git.mjs';\nconst read = async () => ({ name: 'x' });\nexport const pkg = await read();\nexport const check = () => git.version();\n`,
      'git.mjs': `import * as util from './util.mjs';\nexport const version = () => util.pkg.name;\n`,
    },
    ['util.mjs', 3, 20],
  ],
  [
    'bindings read in class methods and object methods',
    {
      'a.ts': `import { Repo } from './b.js';\nexport const db = await Promise.resolve({ rows: 0 });\nexport const api = { list() { return new Repo(); } };\n`,
      'b.ts': `import { db } from './a.js';\nexport class Repo { count() { return db.rows; } }\n`,
    },
    ['a.ts', 2, 19],
  ],
  [
    'a function of the cycle held by a variable and never called on load',
    {
      'a.ts': `import { helper } from './b.js';\nexport const config = await Promise.resolve({});\nexport const run = () => helper(config);\n`,
      'b.ts': `import { config } from './a.js';\nexport function helper(x: object) { return x === config; }\n`,
    },
    ['a.ts', 2, 23],
  ],
];

describe('top-level-await-cycle: a cycle that loads in any order', () => {
  it.each(loadsSafely)('%s: not reported by default', (_name, files) => {
    expect(run(files)).toEqual([]);
  });

  it.each(loadsSafely)('%s: reported with strict', (_name, files, expected) => {
    const findings = tester
      .projectFindings(files, { options: { strict: true } })
      .map((f) => [f.file, f.line, f.column, f.message] as const);
    expect(findings.map(([file, line, column]) => [file, line, column])).toEqual([expected]);
    expect(findings[0]?.[3]).toContain('Reported with `strict` only');
  });
});
