/**
 * `@awaitwise/analyzer`: the type-aware static analyzer for async/await pitfalls. The engine loads a project,
 * runs the rules (one per catalog pitfall) on the TypeScript AST and checker, and returns findings.
 *
 * @packageDocumentation
 */
export * from './rule.js';
export { formatMessage, runRulesOnFile, type ActiveRule, type RunRulesInput } from './run-rules.js';
export { allRules } from './rules/index.js';
