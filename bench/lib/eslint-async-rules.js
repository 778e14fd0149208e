// The ESLint + typescript-eslint rules the benchmarks run as awaitwise's peer: every rule of those projects about
// promises and async functions. bench/analyzer.js runs them for speed; bench/real-bugs adds `require-atomic-updates`
// (core ESLint's only rule about check-then-act races) to score recall.

/** Rule settings for an ESLint flat config, keyed by rule id. */
export const eslintAsyncRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
  '@typescript-eslint/return-await': ['error', 'in-try-catch'],
  'no-await-in-loop': 'error',
  'no-async-promise-executor': 'error',
};

/**
 * oxlint's name of an ESLint rule: `@typescript-eslint/x` is `typescript/x` (type-aware ones run in tsgolint), a core
 * rule `x` is `eslint/x`.
 * @param {string} eslintRule
 * @returns {string}
 */
export function oxlintRuleName(eslintRule) {
  return eslintRule.startsWith('@typescript-eslint/')
    ? `typescript/${eslintRule.slice('@typescript-eslint/'.length)}`
    : `eslint/${eslintRule}`;
}

/**
 * The ESLint name of the rule of an oxlint diagnostic code (`typescript(return-await)`, `eslint(no-await-in-loop)`),
 * so that both linters' findings are counted under one name; other codes are returned as they are.
 * @param {string} code
 * @returns {string}
 */
export function eslintRuleOfOxlintCode(code) {
  const match = /^(typescript|eslint)\((.+)\)$/.exec(code);
  if (match === null) return code;
  return match[1] === 'typescript' ? `@typescript-eslint/${match[2]}` : match[2];
}

/** The same rules, with the same options, for oxlint (`--type-aware`, with tsgolint). */
export const oxlintAsyncRules = Object.fromEntries(
  Object.entries(eslintAsyncRules).map(([rule, setting]) => [oxlintRuleName(rule), setting]),
);
