/**
 * `awaitwise`: the command line (`check`, `rules`, `explain`, `doctor`). The `awaitwise` bin is a thin shell over
 * {@link run}, which tests and other tools call directly.
 *
 * @packageDocumentation
 */
export { run, help, type RunOptions } from './run.js';
export type { CliIo } from './io.js';
export { processIo } from './io.js';
export { failsRun, formats, type Format } from './commands/check.js';
export { formatPretty } from './format/pretty.js';
export { formatJson } from './format/json.js';
export { formatSarif } from './format/sarif.js';
export { formatGithub } from './format/github.js';
export { codeFrame, type CodeFrameOptions } from '@awaitwise/catalog/code-frame';
export { createColors, type Colors } from './colors.js';
export { UsageProblem } from './usage.js';
