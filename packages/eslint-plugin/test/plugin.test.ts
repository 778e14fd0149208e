import { defineRule } from '@awaitwise/analyzer';
import { Linter } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import plugin, { createPlugin, missingTypesMessage } from '../src/index.js';

const typedRule = defineRule({
  meta: {
    id: 'floating-promise',
    description: 'test rule that asks the checker',
    defaultSeverity: 'error',
    requiresTypes: true,
    recommended: true,
    fixable: false,
    hasSuggestions: false,
    messages: { found: 'found {{name}}' },
  },
  defaultOptions: {},
  create(context) {
    return {
      [ts.SyntaxKind.Identifier]: (node) => {
        context.getTypeChecker();
        context.report({ node, messageId: 'found', data: { name: node.text } });
      },
    };
  },
});

const infoRule = defineRule({
  meta: { ...typedRule.meta, id: 'process-local-lock', defaultSeverity: 'info', requiresTypes: false },
  defaultOptions: {},
  create: () => ({}),
});

describe('eslint-plugin-awaitwise', () => {
  it('exposes every analyzer rule under its pitfall id, with docs links', () => {
    expect(Object.keys(plugin.rules).length).toBeGreaterThan(0);
    for (const [id, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta?.docs?.url).toMatch(new RegExp(`/${id}\\.md$`));
    }
    expect(plugin.meta.name).toBe('eslint-plugin-awaitwise');
  });

  it('builds recommended (no info rules) and strict (every rule) flat configs that carry the plugin', () => {
    const built = createPlugin([typedRule, infoRule]);
    expect(built.configs.recommended.rules).toEqual({ 'awaitwise/floating-promise': 'error' });
    expect(built.configs.strict.rules).toEqual({
      'awaitwise/floating-promise': 'error',
      'awaitwise/process-local-lock': 'warn',
    });
    expect(built.configs.untyped.rules).toEqual({});
    expect(built.configs.recommended.plugins?.['awaitwise']).toBe(built);
    expect(built.configs.strict.plugins?.['awaitwise']).toBe(built);
    expect(built.configs.untyped.plugins?.['awaitwise']).toBe(built);
  });

  it('says how to enable typed linting when a type-aware rule runs without it', () => {
    const built = createPlugin([typedRule]);
    const linter = new Linter({ configType: 'flat' });
    expect(() =>
      linter.verify('const x = 1;', [{ files: ['**/*.js'], ...built.configs.recommended }], {
        filename: 'a.js',
      }),
    ).toThrow(/needs type information.*projectService: true/s);
    // The repository's own typescript (6.0) is the project's here: typed linting is the way to types.
    expect(() =>
      linter.verify('const x = 1;', [{ files: ['**/*.js'], ...built.configs.recommended }], {
        filename: 'a.js',
      }),
    ).toThrow(/linted without it \(this project's `typescript` is 6\.0\.\d+\)\. Enable typed linting/);
    expect(missingTypesMessage('floating-promise')).toMatch(
      /^awaitwise\/floating-promise needs type information/,
    );
  });

  describe('without typed linting', () => {
    // Sequential awaits and a promise executor marked async, in JavaScript linted with no tsconfig.
    const code = [
      'export async function load(read) {',
      "  const users = await read('users');",
      "  const teams = await read('teams');",
      '  return { users, teams };',
      '}',
      'export const ready = new Promise(async (resolve) => {',
      "  resolve(await import('./x.js'));",
      '});',
      '',
    ].join('\n');
    const lint = (config: Linter.Config) =>
      new Linter({ configType: 'flat' }).verify(code, [{ files: ['**/*.js'], ...config }], {
        filename: 'load.js',
      });

    it('the untyped config holds the recommended rules that need no types, and runs them', () => {
      expect(Object.keys(plugin.configs.untyped.rules ?? {})).not.toContain('awaitwise/sequential-await');
      expect(Object.keys(plugin.configs.untyped.rules ?? {})).not.toContain('awaitwise/floating-promise');
      expect(Object.keys(plugin.configs.untyped.rules ?? {})).toContain('awaitwise/async-promise-executor');
      const messages = lint(plugin.configs.untyped);
      expect(messages.map((message) => message.ruleId)).toEqual(['awaitwise/async-promise-executor']);
    });

    it('sequential-await asks for typed linting instead of guessing which awaits wait for I/O', () => {
      expect(() =>
        lint({ plugins: { awaitwise: plugin }, rules: { 'awaitwise/sequential-await': 'warn' } }),
      ).toThrow(/awaitwise\/sequential-await needs type information/);
    });
  });
});
