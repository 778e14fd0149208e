// Types of bench-stats.js, for the tests that import it.

/** The median of a non-empty list (the upper middle of an even count). */
export declare function median(values: readonly number[]): number;

/** One run of a tool. */
export interface RunSample {
  readonly wallMs: number;
  readonly peakMb: number;
  readonly peakProcesses: number;
  readonly peakByProcess?: readonly { readonly name: string; readonly mb: number }[];
}

/** Medians of a tool's runs. */
export interface ToolSummary {
  readonly wallMs: number;
  readonly bestMs: number;
  readonly peakMb: number;
  readonly processes: number;
  /** The processes at the peak of the run whose peak is the median one, largest first. */
  readonly peakByProcess: readonly { readonly name: string; readonly mb: number }[];
  readonly runs: number;
}

/** Medians of a tool's runs. */
export declare function summarize(samples: readonly RunSample[]): ToolSummary;

/** A target of issue #13 for `awaitwise check` against a peer. */
export interface Target {
  readonly id: string;
  readonly text: string;
  readonly peer: 'eslint' | 'oxlint';
  ratio(awaitwise: ToolSummary, peer: ToolSummary): number;
  met(ratio: number): boolean;
  show(ratio: number): string;
}

/** The targets: ≥ 5× faster than ESLint, within 1.5× of oxlint's time, peak memory below ESLint's. */
export declare const analyzerTargets: readonly Target[];

/** A target's result for one awaitwise run. */
export interface TargetResult {
  readonly target: Target;
  /** Undefined when awaitwise or the peer has no successful run. */
  readonly ratio: number | undefined;
  readonly met: boolean;
}

/** The targets for one awaitwise run against its peers on the same project. */
export declare function evaluateTargets(
  awaitwise: ToolSummary | undefined,
  peers: Readonly<Partial<Record<'eslint' | 'oxlint', ToolSummary>>>,
): TargetResult[];
