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
    expect(built.configs.recommended.plugins?.['awaitwise']).toBe(built);
    expect(built.configs.strict.plugins?.['awaitwise']).toBe(built);
  });

  it('says how to enable typed linting when a type-aware rule runs without it', () => {
    const built = createPlugin([typedRule]);
    const linter = new Linter({ configType: 'flat' });
    expect(() =>
      linter.verify('const x = 1;', [{ files: ['**/*.js'], ...built.configs.recommended }], {
        filename: 'a.js',
      }),
    ).toThrow(/needs type information.*projectService: true/s);
    expect(missingTypesMessage('floating-promise')).toMatch(
      /^awaitwise\/floating-promise needs type information/,
    );
  });
});
