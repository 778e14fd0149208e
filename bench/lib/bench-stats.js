// Medians of a benchmark's rounds and the targets of issue #13 for `awaitwise check` (computed, never written by hand).

/**
 * The median of a non-empty list (the upper middle of an even count).
 * @param {readonly number[]} values
 * @returns {number}
 */
export function median(values) {
  if (values.length === 0) throw new RangeError('median of no values: the tool has no successful run.');
  const sorted = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.floor(sorted.length / 2)]);
}

/**
 * @typedef {object} RunSample
 * @property {number} wallMs
 * @property {number} peakMb
 * @property {number} peakProcesses
 * @property {readonly { name: string, mb: number }[]} [peakByProcess]
 */

/**
 * @typedef {object} ToolSummary
 * @property {number} wallMs median wall time
 * @property {number} bestMs shortest wall time
 * @property {number} peakMb median peak memory of the process tree
 * @property {number} processes most processes seen alive at a peak
 * @property {readonly { name: string, mb: number }[]} peakByProcess the processes at the peak of the run whose peak
 *   is the median one (empty when the samples do not say)
 * @property {number} runs how many runs the medians are of
 */

/**
 * Medians of a tool's runs.
 * @param {readonly RunSample[]} samples
 * @returns {ToolSummary}
 */
export function summarize(samples) {
  const peakMb = median(samples.map((sample) => sample.peakMb));
  return {
    wallMs: median(samples.map((sample) => sample.wallMs)),
    bestMs: Math.min(...samples.map((sample) => sample.wallMs)),
    peakMb,
    processes: Math.max(...samples.map((sample) => sample.peakProcesses)),
    peakByProcess: samples.find((sample) => sample.peakMb === peakMb)?.peakByProcess ?? [],
    runs: samples.length,
  };
}

/**
 * @typedef {object} Target
 * @property {string} id
 * @property {string} text what the target asks, for the results page
 * @property {'eslint' | 'oxlint'} peer the tool awaitwise is compared with
 * @property {(awaitwise: ToolSummary, peer: ToolSummary) => number} ratio
 * @property {(ratio: number) => boolean} met
 * @property {(ratio: number) => string} show
 */

/** @type {readonly Target[]} */
export const analyzerTargets = [
  {
    id: 'faster-than-eslint',
    text: '≥ 5× faster than ESLint + typescript-eslint',
    peer: 'eslint',
    ratio: (awaitwise, eslint) => eslint.wallMs / awaitwise.wallMs,
    met: (ratio) => ratio >= 5,
    show: (ratio) => `${ratio.toFixed(1)}× faster`,
  },
  {
    id: 'near-oxlint',
    text: "within 1.5× of oxlint's wall time",
    peer: 'oxlint',
    ratio: (awaitwise, oxlint) => awaitwise.wallMs / oxlint.wallMs,
    met: (ratio) => ratio <= 1.5,
    show: (ratio) => `${ratio.toFixed(1)}× oxlint's time`,
  },
  {
    id: 'less-memory-than-eslint',
    text: "peak memory below ESLint's",
    peer: 'eslint',
    ratio: (awaitwise, eslint) => awaitwise.peakMb / eslint.peakMb,
    met: (ratio) => ratio < 1,
    show: (ratio) => `${(100 * ratio).toFixed(0)}% of ESLint's`,
  },
];

/**
 * @typedef {object} TargetResult
 * @property {Target} target
 * @property {number | undefined} ratio undefined when awaitwise or the peer has no successful run
 * @property {boolean} met
 */

/**
 * The targets for one awaitwise run against its peers on the same project.
 * @param {ToolSummary | undefined} awaitwise
 * @param {Readonly<Partial<Record<'eslint' | 'oxlint', ToolSummary>>>} peers
 * @returns {TargetResult[]}
 */
export function evaluateTargets(awaitwise, peers) {
  return analyzerTargets.map((target) => {
    const peer = peers[target.peer];
    if (awaitwise === undefined || peer === undefined) return { target, ratio: undefined, met: false };
    const ratio = target.ratio(awaitwise, peer);
    return { target, ratio, met: target.met(ratio) };
  });
}
