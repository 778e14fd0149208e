import type { RecordingCoverage } from '../types.js';

/**
 * The plain sentence that says a `--full` run was sampled: from when, in which windows, what share of the run was
 * recorded, and how to record everything. `undefined` when every promise was recorded.
 */
export function coverageNote(coverage: RecordingCoverage | undefined): string | undefined {
  if (coverage === undefined || !coverage.sampled) return undefined;
  const from = ((coverage.sampledFromMs ?? 0) / 1000).toFixed(1);
  const share = Math.round(coverage.recordedFraction * 100);
  return `sampled: the program made promises too fast to record them all, so from ${from} s on they were recorded in windows of ${coverage.windowMs} ms once every ${coverage.periodMs} ms (${share}% of the run recorded, ${coverage.windows} windows); findings and figures cover the recorded time only (--fidelity full records everything)`;
}
