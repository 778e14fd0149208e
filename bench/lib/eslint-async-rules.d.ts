// Types of eslint-async-rules.js, for the tests that import it.

/** Rule settings for an ESLint flat config, keyed by rule id. */
export declare const eslintAsyncRules: Readonly<Record<string, string | readonly unknown[]>>;

/** oxlint's name of an ESLint rule (`@typescript-eslint/x` → `typescript/x`, `x` → `eslint/x`). */
export declare function oxlintRuleName(eslintRule: string): string;

/** The ESLint name of the rule of an oxlint diagnostic code (`typescript(return-await)` → `@typescript-eslint/return-await`). */
export declare function eslintRuleOfOxlintCode(code: string): string;

/** The same rules, with the same options, for oxlint. */
export declare const oxlintAsyncRules: Readonly<Record<string, string | readonly unknown[]>>;
