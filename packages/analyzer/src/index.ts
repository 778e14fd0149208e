/**
 * `@awaitwise/analyzer`: the type-aware static analyzer for async/await pitfalls. The engine loads a project,
 * runs the rules (one per catalog pitfall) on the TypeScript AST and checker, and returns findings.
 *
 * @packageDocumentation
 */
export * from './rule.js';
export { formatMessage, runRulesOnFile, type ActiveRule, type RunRulesInput } from './engine/run-rules.js';
export { allRules } from './rules/index.js';
export {
  analyze,
  isUsageError,
  UsageError,
  type AnalyzeOptions,
  type AnalyzeProgress,
  type AnalyzeResult,
  type AnalyzedFileError,
  type AnalyzedFinding,
  type ResultPaths,
  type AnalyzeStats,
  type FileError,
  type SkippedFile,
} from './engine/analyze.js';
export { defaultEngine, engineNames, type EngineName, type ProjectNote } from './engine/analyze-contract.js';
export {
  isNativeBinaryMissingError,
  NativeBinaryMissingError,
  NativeEngineError,
} from './engine/native/errors.js';
export type { GeneratedReason } from './engine/generated.js';
export {
  ConfigError,
  configFileName,
  findConfigFile,
  isConfigError,
  loadConfig,
  resolveConfig,
  type AwaitwiseConfig,
  type ConfigSource,
  type ResolvedConfig,
  type ResolvedRule,
  type RuleSetting,
} from './engine/config.js';
export {
  applySuppressions,
  engineCheckIds,
  parseSuppressions,
  type EngineCheckId,
  type FindingId,
  type ReportedFinding,
  type Suppression,
} from './engine/suppressions.js';
export { applyFixes } from './engine/fix.js';
export { defaultIgnores } from './engine/files.js';
export { defaultCacheDir } from './engine/cache.js';
export {
  inferredCompilerOptions,
  ProjectLoader,
  type LoadedProject,
  type ProjectProblem,
} from './engine/project.js';
export type { AnalysisProgramInput } from './engine/program.js';
export {
  openNativeSession,
  nativeExecutablePath,
  nativePlatformPackage,
  type NativeProject,
  type NativeProjectInput,
  type NativeSession,
  type NativeSessionOptions,
} from './engine/native/session.js';
export { createNativeProgram } from './engine/native/program.js';
export { NativeRun, type NativeBatchInput, type NativeBatchProgram } from './engine/native-run.js';
export { analyzerVersion } from './engine/version.js';
