/**
 * `eslint-plugin-awaitwise`: the awaitwise analyzer's rules inside ESLint (flat config), so teams get them in the
 * editor and in their existing lint run. The rules are the analyzer's own code run through an adapter, not a copy.
 *
 * @example
 * ```js
 * // eslint.config.js
 * import { defineConfig } from 'eslint/config';
 * import tseslint from 'typescript-eslint';
 * import awaitwise from 'eslint-plugin-awaitwise';
 *
 * export default defineConfig(tseslint.configs.recommended, awaitwise.configs.recommended, {
 *   languageOptions: {
 *     parserOptions: {
 *       projectService: { allowDefaultProject: ['eslint.config.js'] },
 *       tsconfigRootDir: import.meta.dirname,
 *     },
 *   },
 * });
 * ```
 *
 * @packageDocumentation
 */
import { allRules, type AnyRule } from '@awaitwise/analyzer';
import type { ESLint, Linter, Rule } from 'eslint';
import { toEslintRule } from './adapter.js';

export { missingTypesMessage, toEslintRule } from './adapter.js';

/**
 * The plugin object: `rules` keyed by pitfall id, and the `recommended`, `strict` and `untyped` flat configs.
 */
export interface AwaitwisePlugin extends ESLint.Plugin {
  /** Plugin name and version. */
  readonly meta: { readonly name: string; readonly version: string };
  /** One ESLint rule per analyzer rule, named by pitfall id (`awaitwise/<id>` once registered). */
  readonly rules: Record<string, Rule.RuleModule>;
  /**
   * Flat configs to spread into `eslint.config.js`. Each names the files it applies to ({@link lintedFiles}: `.ts`,
   * `.tsx`, `.mts`, `.cts`, `.js`, `.jsx`, `.mjs`, `.cjs`), so the config alone lints TypeScript files.
   */
  readonly configs: {
    /** The rules on by default in `awaitwise check`, at their default severity (`info` rules are off). */
    readonly recommended: Linter.Config;
    /** Every rule: errors as `error`, warnings and info as `warn`. */
    readonly strict: Linter.Config;
    /**
     * The rules of `recommended` that need no type information, for ESLint runs without typed linting (JavaScript
     * without a tsconfig): `recommended` there stops at its first type-aware rule with an error that says how to turn
     * typed linting on. The type-aware rules (floating promises, sequential awaits, leaks …) are left out, not run
     * on guesses.
     */
    readonly untyped: Linter.Config;
  };
}

/**
 * The files the flat configs apply to: TypeScript and JavaScript sources of every module flavour. Without a `files`
 * entry ESLint lints only `.js`, `.mjs` and `.cjs` files, so a config of just `awaitwise.configs.recommended` would
 * never reach a `.ts` file.
 */
export const lintedFiles: readonly string[] = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

function eslintSeverity(rule: AnyRule): Linter.RuleSeverity {
  return rule.meta.defaultSeverity === 'error' ? 'error' : 'warn';
}

/**
 * Builds the plugin from a list of analyzer rules (the default export uses every rule of `@awaitwise/analyzer`).
 */
export function createPlugin(rules: readonly AnyRule[]): AwaitwisePlugin {
  const eslintRules: Record<string, Rule.RuleModule> = {};
  for (const rule of rules) eslintRules[rule.meta.id] = toEslintRule(rule);

  const recommendedRules: Linter.RulesRecord = {};
  const strictRules: Linter.RulesRecord = {};
  const untypedRules: Linter.RulesRecord = {};
  for (const rule of rules) {
    strictRules[`awaitwise/${rule.meta.id}`] = eslintSeverity(rule);
    if (rule.meta.recommended && rule.meta.defaultSeverity !== 'info') {
      recommendedRules[`awaitwise/${rule.meta.id}`] = eslintSeverity(rule);
      if (!rule.meta.requiresTypes) untypedRules[`awaitwise/${rule.meta.id}`] = eslintSeverity(rule);
    }
  }

  const plugin: AwaitwisePlugin = {
    meta: { name: 'eslint-plugin-awaitwise', version: '0.1.0' },
    rules: eslintRules,
    configs: {
      recommended: {
        name: 'awaitwise/recommended',
        files: [...lintedFiles],
        plugins: {},
        rules: recommendedRules,
      },
      strict: { name: 'awaitwise/strict', files: [...lintedFiles], plugins: {}, rules: strictRules },
      untyped: { name: 'awaitwise/untyped', files: [...lintedFiles], plugins: {}, rules: untypedRules },
    },
  };
  // Flat configs carry the plugin itself, so `plugin.configs.recommended` works on its own.
  (plugin.configs.recommended.plugins as Record<string, ESLint.Plugin>)['awaitwise'] = plugin;
  (plugin.configs.strict.plugins as Record<string, ESLint.Plugin>)['awaitwise'] = plugin;
  (plugin.configs.untyped.plugins as Record<string, ESLint.Plugin>)['awaitwise'] = plugin;
  return plugin;
}

/** The plugin with every awaitwise rule. */
const plugin: AwaitwisePlugin = createPlugin(allRules);
export default plugin;
