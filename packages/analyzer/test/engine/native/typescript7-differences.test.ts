import { join } from 'node:path';
import ts from 'typescript';
import { API } from 'typescript-native/unstable/sync';
import { isCallExpression, isExpressionStatement } from 'typescript-native/unstable/ast/is';
import type { Node as NativeNode } from 'typescript-native/unstable/ast';
import { describe, expect, it } from 'vitest';
import { analyze, defineRule, type AnyRule, type EngineName } from '../../../src/index.js';
import { nativeExecutablePath } from '../../../src/engine/native/session.js';
import { tempProject } from '../../../../../test/support/temp-project.js';

// The differences `scripts/diff-engines.mjs` found between the engines on the corpora
// (`bench/results/engine-diff.md`) come from TypeScript 7 itself, not from the facade. Each case is the corpus code
// made small. The test pins three things: what TypeScript 6 answers, what the native engine answers, and that the
// native engine's answer is what TypeScript 7's own API gives for the same node. When the pinned `typescript-native`
// changes its answer, this fails and the engine diff must be read again.

/** A type-aware probe: reports the type of the callee of every call statement, as the checker writes it. */
const calleeType = defineRule({
  meta: {
    id: 'floating-promise',
    description: 'probe: the type of a call statement’s callee',
    defaultSeverity: 'warning',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: { callee: '{{type}}' },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.ExpressionStatement]: (node) => {
        const statement = node;
        if (!ts.isCallExpression(statement.expression)) return;
        const checker = context.getTypeChecker();
        const type = checker.typeToString(checker.getTypeAtLocation(statement.expression.expression));
        context.report({ node: statement.expression, messageId: 'callee', data: { type } });
      },
    };
  },
}) as AnyRule;

async function calleeTypes(dir: string, engine: EngineName): Promise<string[]> {
  const result = await analyze({ cwd: dir, rules: [calleeType], engine, isolate: false });
  expect(result.fileErrors).toEqual([]);
  return result.findings.map((f) => `${f.file}:${f.line} ${f.message}`);
}

/** The same question asked of TypeScript 7's API directly, without the facade: the callee types of a file's call statements. */
function calleeTypesFromTypeScript7(dir: string, file: string): string[] {
  const api = new API({ cwd: dir, tsserverPath: nativeExecutablePath() });
  try {
    const configFile = join(dir, 'tsconfig.json').replaceAll('\\', '/');
    const project = api.updateSnapshot({ openProjects: [configFile] }).getProject(configFile);
    if (project === undefined) throw new Error(`TypeScript 7 did not open ${configFile}`);
    const sourceFile = project.program.getSourceFile(join(dir, file).replaceAll('\\', '/'));
    if (sourceFile === undefined) throw new Error(`TypeScript 7 has no ${file}`);
    const types: string[] = [];
    const visit = (node: NativeNode): void => {
      if (isExpressionStatement(node) && isCallExpression(node.expression)) {
        const type = project.checker.getTypeAtLocation(node.expression.expression);
        types.push(type === undefined ? 'no type' : project.checker.typeToString(type));
      }
      node.forEachChild(visit);
    };
    visit(sourceFile);
    return types;
  } finally {
    api.close();
  }
}

/** The tsconfig of a CommonJS JavaScript project (unchecked, as the diffed folders are), including `include`. */
function javaScriptConfig(include: readonly string[]): string {
  return JSON.stringify({
    compilerOptions: { allowJs: true, checkJs: false, noEmit: true, module: 'commonjs', target: 'es2022' },
    include,
  });
}

describe('differences between the engines that are TypeScript 7’s own answers', () => {
  // undici/lib/dispatcher/proxy-agent.js:220 (`this[kConnectEndpoint](…)`): only native reported a floating promise
  // there, naming `[kClose]()`. TypeScript 7 does not read `this[key] = …` in a JavaScript constructor as a member,
  // so the access falls to the `[symbol]` index signature that the class's `[kClose]()` method makes (its key is a
  // `symbol`, not a unique symbol: it comes from a CommonJS object). TypeScript 6 reads the assignment as a member.
  it('undici: `this[uniqueSymbol]` assigned in a JavaScript constructor is the `[symbol]` index signature on TypeScript 7', async () => {
    const { dir, cleanup } = tempProject({
      'tsconfig.json': javaScriptConfig(['*.js']),
      'symbols.js': "module.exports = { kClose: Symbol('close') }\n",
      'agent.js': [
        "const { kClose } = require('./symbols')",
        "const kConnectEndpoint = Symbol('connect endpoint function')",
        'class Agent {',
        '  constructor () {',
        '    this[kConnectEndpoint] = function connectEndpoint (opts, callback) { callback(null, opts) }',
        '  }',
        '  [kClose] () {',
        '    return Promise.all([this.agent.close()])',
        '  }',
        '  connect () {',
        '    this[kConnectEndpoint]({}, () => {})',
        '  }',
        '}',
        'module.exports = Agent',
        '',
      ].join('\n'),
    });
    try {
      const ts6 = await calleeTypes(dir, 'ts6');
      const native = await calleeTypes(dir, 'native');
      expect(ts6).toEqual(['agent.js:5 any', 'agent.js:11 (opts: any, callback: any) => void']);
      expect(native).toEqual(['agent.js:5 any', 'agent.js:11 () => Promise<any>']);
      expect(calleeTypesFromTypeScript7(dir, 'agent.js')).toEqual(['any', '() => Promise<any>']);
    } finally {
      cleanup();
    }
  });

  // ioredis/built/Pipeline.js:138, 155, 159, 249 (`_this.exec()`, `this.exec(callback)`): only native reported
  // floating promises. The compiled class sets its method after the class, `Pipeline.prototype.exec = function …`.
  // TypeScript 6 reads that assignment as a member of the class (a function of `any`s); TypeScript 7 does not, so
  // `exec` is the one the class inherits from its `.d.ts` base, which returns a promise.
  it('ioredis: a method set by `Class.prototype.m = function …` is the inherited declared method on TypeScript 7', async () => {
    const { dir, cleanup } = tempProject({
      'tsconfig.json': javaScriptConfig(['*.js', '*.d.ts']),
      'commander.d.ts': 'export default class Commander {\n  exec(): Promise<unknown[]>;\n}\n',
      'pipeline.js': [
        "const commander_1 = require('./commander')",
        'class Pipeline extends commander_1.default {',
        '  retry () {',
        '    this.exec()',
        '  }',
        '}',
        'Pipeline.prototype.exec = function (callback) {',
        '  return this.promise',
        '}',
        'module.exports = Pipeline',
        '',
      ].join('\n'),
    });
    try {
      expect(await calleeTypes(dir, 'ts6')).toEqual(['pipeline.js:4 (callback: any) => any']);
      expect(await calleeTypes(dir, 'native')).toEqual(['pipeline.js:4 () => Promise<unknown[]>']);
      expect(calleeTypesFromTypeScript7(dir, 'pipeline.js')).toEqual(['() => Promise<unknown[]>']);
    } finally {
      cleanup();
    }
  });
});
