import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { API } from 'typescript-native/unstable/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adaptCompilerOptions,
  adaptConfigText,
  adaptConfigChain,
} from '../../src/engine/native/config-compat.js';
import { nativeExecutablePath } from '../../src/engine/native/session.js';
import ts from 'typescript';
import { tempProject } from '../../../../test/support/temp-project.js';

const readDisk = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The `compilerOptions` of an adapted config text. */
const optionsOf = (text: string): unknown =>
  (JSON.parse(text) as { compilerOptions?: unknown }).compilerOptions;

const adapt = (text: string, path = '/p/tsconfig.json') => adaptConfigText(path, text, readDisk);

describe('adaptConfigText: each option TypeScript 7.0.2 removed', () => {
  it.each([
    [
      'moduleResolution node',
      '{"compilerOptions":{"moduleResolution":"node"}}',
      { moduleResolution: 'bundler', resolvePackageJsonExports: false, resolvePackageJsonImports: false },
      'moduleResolution "node" read as "bundler" without package.json exports/imports',
    ],
    [
      'moduleResolution Node10',
      '{"compilerOptions":{"moduleResolution":"Node10"}}',
      { moduleResolution: 'bundler', resolvePackageJsonExports: false, resolvePackageJsonImports: false },
      'moduleResolution "Node10" read as "bundler" without package.json exports/imports',
    ],
    [
      'moduleResolution classic',
      '{"compilerOptions":{"moduleResolution":"classic"}}',
      { moduleResolution: 'bundler' },
      'moduleResolution "classic" read as "bundler"',
    ],
    [
      'moduleResolution node with module nodenext',
      '{"compilerOptions":{"module":"NodeNext","moduleResolution":"node"}}',
      { module: 'NodeNext', moduleResolution: 'nodenext' },
      'moduleResolution "node" read as "nodenext"',
    ],
    [
      'target es5',
      '{"compilerOptions":{"target":"es5","lib":["es2017","dom"]}}',
      { target: 'es2015', lib: ['es2017', 'dom'] },
      'target "es5" read as "es2015"',
    ],
    [
      'target ES3 without lib',
      '{"compilerOptions":{"target":"ES3"}}',
      { target: 'es2015', lib: ['es5', 'dom', 'webworker.importscripts', 'scripthost'] },
      'target "ES3" read as "es2015" (lib kept: es5, dom, webworker.importscripts, scripthost)',
    ],
    [
      'module amd',
      '{"compilerOptions":{"module":"amd"}}',
      { module: 'commonjs' },
      'module "amd" read as "commonjs"',
    ],
    [
      'module umd',
      '{"compilerOptions":{"module":"UMD"}}',
      { module: 'commonjs' },
      'module "UMD" read as "commonjs"',
    ],
    [
      'module none',
      '{"compilerOptions":{"module":"none"}}',
      { module: 'commonjs' },
      'module "none" read as "commonjs"',
    ],
    [
      'module system',
      '{"compilerOptions":{"module":"system"}}',
      { module: 'esnext' },
      'module "system" read as "esnext"',
    ],
    ['outFile', '{"compilerOptions":{"outFile":"out.js"}}', {}, 'outFile ignored (emit only)'],
    [
      'downlevelIteration',
      '{"compilerOptions":{"downlevelIteration":true}}',
      {},
      'downlevelIteration ignored (emit only)',
    ],
    [
      'esModuleInterop false',
      '{"compilerOptions":{"esModuleInterop":false}}',
      {},
      'esModuleInterop false read as true',
    ],
    [
      'allowSyntheticDefaultImports false',
      '{"compilerOptions":{"allowSyntheticDefaultImports":false}}',
      {},
      'allowSyntheticDefaultImports false read as true',
    ],
    [
      'alwaysStrict false',
      '{"compilerOptions":{"alwaysStrict":false}}',
      {},
      'alwaysStrict false read as true',
    ],
    [
      'baseUrl alone',
      '{"compilerOptions":{"baseUrl":"."}}',
      { paths: { '*': ['./*'] } },
      'baseUrl "." read as paths {"*":["./*"]}',
    ],
    [
      'baseUrl with paths',
      '{"compilerOptions":{"baseUrl":"./src","paths":{"@/*":["app/*"]}}}',
      { paths: { '@/*': ['./src/app/*'], '*': ['./src/*'] } },
      'baseUrl "./src" read as paths {"@/*":["./src/app/*"],"*":["./src/*"]}',
    ],
  ])('%s', (_name, text, compilerOptions, note) => {
    const adapted = adapt(text);
    expect(JSON.parse(adapted.text)).toEqual({ compilerOptions });
    expect(adapted.notes).toEqual([note]);
  });

  it('leaves settings TypeScript 7 accepts, comments and all, as they are', () => {
    for (const text of [
      '// a comment\n{ "compilerOptions": { "moduleResolution": "bundler", "target": "es2022", } }',
      '{"compilerOptions":{"esModuleInterop":true,"alwaysStrict":true,"module":"commonjs"}}',
      '{"name":"a-package","version":"1.0.0"}',
      '{ "compilerOptions": ',
      '\u0000garbage',
    ]) {
      expect(adapt(text)).toEqual({ text, notes: [] });
    }
  });

  it('reads comments and trailing commas, and keeps the keys it does not change', () => {
    const text =
      '{\n  // old\n  "extends": "./base.json",\n  "compilerOptions": { "moduleResolution": "node", "strict": true, },\n  "include": ["src"],\n}';
    const adapted = adapt(text);
    expect(JSON.parse(adapted.text)).toEqual({
      extends: './base.json',
      compilerOptions: {
        moduleResolution: 'bundler',
        resolvePackageJsonExports: false,
        resolvePackageJsonImports: false,
        strict: true,
      },
      include: ['src'],
    });
  });
});

describe('adaptConfigText: settings inherited through extends', () => {
  it('rewrites paths relative to a baseUrl set in the config it extends', () => {
    const project = tempProject({
      'base/tsconfig.base.json': '{ "compilerOptions": { "baseUrl": "../src" } }',
      'app/tsconfig.json':
        '{ "extends": "../base/tsconfig.base", "compilerOptions": { "paths": { "@/*": ["lib/*"] } } }',
    });
    try {
      const path = join(project.dir, 'app/tsconfig.json');
      const adapted = adaptConfigText(path, readDisk(path) ?? '', readDisk);
      expect(optionsOf(adapted.text)).toEqual({
        paths: { '@/*': ['../src/lib/*'], '*': ['../src/*'] },
      });
      expect(adapted.notes).toEqual([
        'the inherited baseUrl read as paths {"@/*":["../src/lib/*"],"*":["../src/*"]}',
      ]);
      // The base itself: its baseUrl becomes a "*" mapping relative to it.
      const basePath = join(project.dir, 'base/tsconfig.base.json');
      expect(optionsOf(adaptConfigText(basePath, readDisk(basePath) ?? '', readDisk).text)).toEqual({
        paths: { '*': ['../src/*'] },
      });
    } finally {
      project.cleanup();
    }
  });

  it('copies inherited paths into a config that sets its own baseUrl (they were relative to it)', () => {
    const project = tempProject({
      'tsconfig.base.json': '{ "compilerOptions": { "paths": { "~/*": ["app/*"] } } }',
      'tsconfig.json': '{ "extends": "./tsconfig.base.json", "compilerOptions": { "baseUrl": "src" } }',
    });
    try {
      const path = join(project.dir, 'tsconfig.json');
      expect(optionsOf(adaptConfigText(path, readDisk(path) ?? '', readDisk).text)).toEqual({
        paths: { '~/*': ['./src/app/*'], '*': ['./src/*'] },
      });
    } finally {
      project.cleanup();
    }
  });

  it('picks node16/nodenext resolution from an inherited module, and keeps an inherited lib for target es5', () => {
    const project = tempProject({
      'base.json': '{ "compilerOptions": { "module": "node16", "lib": ["es2020"] } }',
      'tsconfig.json':
        '{ "extends": "./base.json", "compilerOptions": { "moduleResolution": "node", "target": "es5" } }',
    });
    try {
      const path = join(project.dir, 'tsconfig.json');
      const adapted = adaptConfigText(path, readDisk(path) ?? '', readDisk);
      expect(optionsOf(adapted.text)).toEqual({
        moduleResolution: 'node16',
        target: 'es2015',
      });
    } finally {
      project.cleanup();
    }
  });

  it('unsets the ES5 lib added to a base for a config that extends it with another target and no lib', () => {
    const project = tempProject({
      'es5.json': '{ "compilerOptions": { "target": "es5" } }',
      'modern.json': '{ "compilerOptions": { "target": "es2022" } }',
      'own-target.json': '{ "extends": "./es5.json", "compilerOptions": { "target": "ES2022" } }',
      'later-target.json': '{ "extends": ["./es5.json", "./modern.json"] }',
      'inherits-es5.json': '{ "extends": "./es5.json", "compilerOptions": { "strict": true } }',
      'earlier-target.json': '{ "extends": ["./modern.json", "./es5.json"] }',
      'own-lib.json':
        '{ "extends": "./es5.json", "compilerOptions": { "target": "es2022", "lib": ["es2020"] } }',
    });
    try {
      const adapted = (name: string) => {
        const path = join(project.dir, name);
        const text = readDisk(path) ?? '';
        const result = adaptConfigText(path, text, readDisk);
        return result.text === text ? 'unchanged' : { options: optionsOf(result.text), notes: result.notes };
      };
      // The base: the lib TypeScript 6 gave target es5.
      expect(adapted('es5.json')).toEqual({
        options: { target: 'es2015', lib: ['es5', 'dom', 'webworker.importscripts', 'scripthost'] },
        notes: ['target "es5" read as "es2015" (lib kept: es5, dom, webworker.importscripts, scripthost)'],
      });
      // Another target, its own or a later extends entry's: that target's default lib, as in TypeScript 6.
      expect(adapted('own-target.json')).toEqual({ options: { target: 'ES2022', lib: null }, notes: [] });
      expect(adapted('later-target.json')).toEqual({ options: { lib: null }, notes: [] });
      // Target es5 in force, or a lib of its own: the inherited or own lib stands.
      expect(adapted('inherits-es5.json')).toBe('unchanged');
      expect(adapted('earlier-target.json')).toBe('unchanged');
      expect(adapted('own-lib.json')).toBe('unchanged');
    } finally {
      project.cleanup();
    }
  });

  it('says every note of the chain once per project, naming the file each comes from', () => {
    const project = tempProject({
      'node_modules/@tsconfig/old/tsconfig.json':
        '{ "compilerOptions": { "moduleResolution": "node", "target": "es5", "lib": ["es2019"] } }',
      'tsconfig.json': '{ "extends": "@tsconfig/old/tsconfig.json", "compilerOptions": { "baseUrl": "." } }',
    });
    try {
      const chain = adaptConfigChain(join(project.dir, 'tsconfig.json'), readDisk);
      expect([...chain.texts.keys()]).toEqual([
        join(project.dir, 'tsconfig.json'),
        join(project.dir, 'node_modules/@tsconfig/old/tsconfig.json'),
      ]);
      expect(chain.notes).toEqual([
        'baseUrl "." read as paths {"*":["./*"]}',
        'moduleResolution "node" read as "bundler" without package.json exports/imports (in node_modules/@tsconfig/old/tsconfig.json)',
        'target "es5" read as "es2015" (in node_modules/@tsconfig/old/tsconfig.json)',
      ]);
      expect(adaptConfigChain(join(project.dir, 'missing.json'), readDisk)).toEqual({
        texts: new Map(),
        notes: [],
      });
    } finally {
      project.cleanup();
    }
  });
});

// The options TypeScript 6 deprecated are what adaptCompilerOptions reads.
/* eslint-disable @typescript-eslint/no-deprecated */
describe('adaptCompilerOptions (options TypeScript 6 parsed, for inferred projects)', () => {
  it('rewrites the same options as the config text', () => {
    const { options, notes } = adaptCompilerOptions({
      moduleResolution: ts.ModuleResolutionKind.Node10,
      module: ts.ModuleKind.AMD,
      target: ts.ScriptTarget.ES5,
      baseUrl: '/p/src',
      paths: { '@/*': ['app/*'] },
      outFile: '/p/out.js',
      esModuleInterop: false,
      strict: true,
    });
    expect(options).toEqual({
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      resolvePackageJsonExports: false,
      resolvePackageJsonImports: false,
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2015,
      lib: ['lib.es5.d.ts', 'lib.dom.d.ts', 'lib.webworker.importscripts.d.ts', 'lib.scripthost.d.ts'],
      paths: { '@/*': ['/p/src/app/*'], '*': ['/p/src/*'] },
      pathsBasePath: '/p/src',
      strict: true,
    });
    expect(notes).toHaveLength(6);
    expect(adaptCompilerOptions({ strict: true, module: ts.ModuleKind.NodeNext })).toEqual({
      options: { strict: true, module: ts.ModuleKind.NodeNext },
      notes: [],
    });
  });
});

/* eslint-enable @typescript-eslint/no-deprecated */

/** A TypeScript 7.0.2 process that reads every `.json` file through adaptConfigText, as the native engine serves them. */
function adaptedConfigsApi(cwd: string): API {
  return new API({
    cwd,
    tsserverPath: nativeExecutablePath(),
    fs: {
      readFile: (path) => {
        if (!path.endsWith('.json')) return undefined;
        const text = readDisk(path);
        return text === undefined ? undefined : adaptConfigText(path, text, readDisk).text;
      },
    },
  });
}

// The real TypeScript 7.0.2: each old setting as it is leaves the project without a usable checker (or with a
// removed-option error), and the adapted text gives one that resolves the imports and reports the type error.
describe('TypeScript 7.0.2 reads the adapted configs', () => {
  const source = [
    "import { value } from 'lib/value';",
    'export const doubled: number = value * 2;',
    'const wrong: string = 2;',
    'export { wrong };',
    '',
  ].join('\n');
  const cases: Record<string, string> = {
    'moduleResolution-node':
      '{"compilerOptions":{"moduleResolution":"node","paths":{"lib/*":["./src/lib/*"]}}}',
    'moduleResolution-classic':
      '{"compilerOptions":{"moduleResolution":"classic","paths":{"lib/*":["./src/lib/*"]}}}',
    baseUrl: '{"compilerOptions":{"baseUrl":"./src"}}',
    'baseUrl-paths': '{"compilerOptions":{"baseUrl":".","paths":{"lib/*":["src/lib/*"]}}}',
    'target-es5': '{"compilerOptions":{"target":"es5","paths":{"lib/*":["./src/lib/*"]}}}',
    'target-es3': '{"compilerOptions":{"target":"es3","paths":{"lib/*":["./src/lib/*"]}}}',
    'module-amd-outFile':
      '{"compilerOptions":{"module":"amd","outFile":"out.js","paths":{"lib/*":["./src/lib/*"]}}}',
    'module-none': '{"compilerOptions":{"module":"none","paths":{"lib/*":["./src/lib/*"]}}}',
    'module-system': '{"compilerOptions":{"module":"system","paths":{"lib/*":["./src/lib/*"]}}}',
    'interop-false':
      '{"compilerOptions":{"esModuleInterop":false,"allowSyntheticDefaultImports":false,"alwaysStrict":false,"downlevelIteration":true,"paths":{"lib/*":["./src/lib/*"]}}}',
  };
  const files: Record<string, string> = {};
  for (const [name, config] of Object.entries(cases)) {
    files[`${name}/tsconfig.json`] = config;
    files[`${name}/src/main.ts`] = source;
    files[`${name}/src/lib/value.ts`] = 'export const value = 21;\n';
  }
  const project = tempProject(files);
  // Two processes: one reads the configs as they are on disk, the other reads each through adaptConfigText.
  let asIs: API;
  let adapted: API;
  beforeAll(() => {
    asIs = new API({ cwd: project.dir, tsserverPath: nativeExecutablePath() });
    adapted = adaptedConfigsApi(project.dir);
  });
  afterAll(() => {
    asIs.close();
    adapted.close();
    project.cleanup();
  });

  /** Codes of the program's option diagnostics and of main.ts's semantic diagnostics. */
  function check(api: API, name: string): { options: number[]; semantic: number[] } {
    const config = join(project.dir, name, 'tsconfig.json');
    const opened = api.updateSnapshot({ openProjects: [config] }).getProject(config);
    if (opened === undefined) throw new Error(`no project for ${config}`);
    const main = join(project.dir, name, 'src/main.ts');
    return {
      options: [
        ...opened.program.getConfigFileParsingDiagnostics(),
        ...opened.program.getProgramDiagnostics(),
      ].map((d) => d.code),
      semantic: opened.program.getSemanticDiagnostics(main).map((d) => d.code),
    };
  }

  it.each(Object.keys(cases))('%s', (name) => {
    const before = check(asIs, name);
    // As it is: an error on the removed option (TypeScript 7 then reads its own default instead).
    expect(before.options.length).toBeGreaterThan(0);
    // Adapted: no option error, the import resolved (no 2307), the deliberate type error found.
    expect(check(adapted, name)).toEqual({ options: [], semantic: [2322] });
  });
});

// A base with `target: es5` and no lib, extended by configs with another target: TypeScript 6 gives each config its
// target's default lib. TypeScript 7, given the adapted chain, must find the same lib errors as TypeScript 6 given the
// files as they are (ES2016's `includes` and ES2022's `Object.hasOwn`: two TS2550 under the ES5 lib, none under ES2022's).
describe('TypeScript 7.0.2 reads the lib of a target set below an es5 base as TypeScript 6 does', () => {
  const source = 'export const found = [1].includes(1);\nexport const own = Object.hasOwn({ a: 1 }, "a");\n';
  const configs: Record<string, string> = {
    'own-target':
      '{ "extends": "../es5.json", "compilerOptions": { "target": "es2022" }, "include": ["main.ts"] }',
    'later-target': '{ "extends": ["../es5.json", "../modern.json"], "include": ["main.ts"] }',
    'inherits-es5': '{ "extends": "../es5.json", "include": ["main.ts"] }',
  };
  const files: Record<string, string> = {
    'es5.json': '{ "compilerOptions": { "target": "es5", "strict": true, "noEmit": true, "types": [] } }',
    'modern.json': '{ "compilerOptions": { "target": "es2022" } }',
  };
  for (const [name, config] of Object.entries(configs)) {
    files[`${name}/tsconfig.json`] = config;
    files[`${name}/main.ts`] = source;
  }
  const project = tempProject(files);
  let api: API;
  beforeAll(() => {
    api = adaptedConfigsApi(project.dir);
  });
  afterAll(() => {
    api.close();
    project.cleanup();
  });

  /** The codes of main.ts's semantic diagnostics with TypeScript 6, from the config as it is on disk. */
  function typeScript6Codes(config: string): number[] {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      config,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (parsed === undefined) throw new Error(`TypeScript 6 could not read ${config}`);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
    const main = program.getSourceFile(join(dirname(config), 'main.ts'));
    return program.getSemanticDiagnostics(main).map((d) => d.code);
  }

  /** The same with TypeScript 7, from the adapted chain. */
  function typeScript7Codes(config: string): number[] {
    const opened = api.updateSnapshot({ openProjects: [config] }).getProject(config);
    if (opened === undefined) throw new Error(`no project for ${config}`);
    return opened.program.getSemanticDiagnostics(join(dirname(config), 'main.ts')).map((d) => d.code);
  }

  it.each([
    ['own-target', []],
    ['later-target', []],
    ['inherits-es5', [2550, 2550]],
  ])('%s', (name, codes) => {
    const config = join(project.dir, name, 'tsconfig.json');
    expect(typeScript6Codes(config)).toEqual(codes);
    expect(typeScript7Codes(config)).toEqual(codes);
  });
});

// What node10 resolution reads differently from bundler resolution: a package whose `exports` points elsewhere than
// its `types`. TypeScript 6 (node10) reads `types`; TypeScript 7 given the adapted config must read the same.
describe('moduleResolution node on TypeScript 7 resolves packages as node10 did', () => {
  const project = tempProject({
    'tsconfig.json': '{"compilerOptions":{"moduleResolution":"node","module":"commonjs"}}',
    'src/main.ts': "import { v } from 'pkg';\nexport const s: boolean = v;\n",
    'node_modules/pkg/package.json':
      '{"name":"pkg","types":"index.d.ts","exports":{".":{"types":"./ex/index.d.ts","default":"./ex/index.js"}}}',
    'node_modules/pkg/index.d.ts': 'export declare const v: number;\n',
    'node_modules/pkg/ex/index.d.ts': 'export declare const v: string;\n',
  });
  afterAll(() => {
    project.cleanup();
  });

  function messageOf(adapt: boolean): string[] {
    const config = join(project.dir, 'tsconfig.json');
    const api = new API({
      cwd: project.dir,
      tsserverPath: nativeExecutablePath(),
      fs: {
        readFile: (path) =>
          adapt && path === config ? adaptConfigText(path, readDisk(path) ?? '', readDisk).text : undefined,
      },
    });
    try {
      const opened = api.updateSnapshot({ openProjects: [config] }).getProject(config);
      return (opened?.program.getSemanticDiagnostics(join(project.dir, 'src/main.ts')) ?? []).map(
        (d) => d.text,
      );
    } finally {
      api.close();
    }
  }

  it('reads the package types, not its exports', () => {
    expect(messageOf(false)).toEqual(["Type 'string' is not assignable to type 'boolean'."]);
    expect(messageOf(true)).toEqual(["Type 'number' is not assignable to type 'boolean'."]);
  });
});

describe('notes stay one short line', () => {
  it('says how many paths patterns a long paths map had instead of printing it', () => {
    const paths: Record<string, string[]> = {};
    for (const name of ['common', 'element', 'excalidraw', 'math', 'utils']) {
      paths[`@app/${name}`] = [`packages/${name}/src/index.ts`];
      paths[`@app/${name}/*`] = [`packages/${name}/src/*`];
    }
    const adapted = adaptConfigText(
      '/p/tsconfig.json',
      JSON.stringify({ compilerOptions: { baseUrl: '.', paths } }),
    );
    expect(adapted.notes).toEqual([
      'baseUrl "." read as paths {"*":["./*"]} and 10 more patterns, made relative to the tsconfig',
    ]);
    expect(optionsOf(adapted.text)).toMatchObject({ paths: { '@app/math/*': ['./packages/math/src/*'] } });
  });
});
