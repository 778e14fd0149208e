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
