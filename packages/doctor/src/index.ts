/**
 * `@awaitwise/doctor`: runs a Node program and reports its async defects: unhandled and late-handled rejections
 * with where they were born, promises still pending at exit, handles that keep the process alive, listener leaks,
 * a blocked event loop, and hung Express 4 requests.
 *
 * Three ways in: the preload `node --import @awaitwise/doctor/register app.js`, the command
 * `awaitwise doctor -- node app.js` ({@link doctorCommand}), and {@link startDoctor} from a test runner.
 *
 * @packageDocumentation
 */
export { traced, step, currentOperation } from './operations.js';
export { startDoctor, activeDoctor, type Doctor } from './runtime/doctor.js';
export { doctorCommand, usage, type CommandHooks, type CommandIo } from './command.js';
export { formatReport, type FormatOptions } from './report/terminal.js';
export { renderHtml, type HtmlOptions } from './report/html.js';
export { resolveOptions, defaultOptions, type DoctorOptions, type ResolvedOptions } from './options.js';
export {
  findingKinds,
  type AsyncSite,
  type AsyncSpan,
  type AsyncWorkReport,
  type ConcurrencySeries,
  type RecordingCoverage,
  type ResourcePeak,
  type DoctorReport,
  type ExitInfo,
  type Finding,
  type FindingKind,
  type OperationRecord,
  type OperationRef,
  type OperationStep,
  type RelatedStack,
  type Severity,
  type StackFrame,
} from './types.js';
