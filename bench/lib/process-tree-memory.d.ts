// Types of process-tree-memory.js, for the tests that import it.

/** The parent pid of a process from the text of its /proc/<pid>/stat, or undefined when the text is not one. */
export declare function parentPidFromStat(statText: string): number | undefined;

/** A field in kB of a /proc/<pid>/status text (`VmRSS`, `VmHWM`), or 0 when absent. */
export declare function statusFieldKb(statusText: string, field: string): number;

/** The pids of `rootPid` and all its descendants, given each known process's parent. */
export declare function descendantsAndSelf(rootPid: number, parentOf: ReadonlyMap<number, number>): number[];

/** The peak a tree sampler found. */
export interface TreePeak {
  readonly peakKb: number;
  readonly peakProcesses: number;
  readonly peakByProcess: readonly { readonly name: string; readonly kb: number }[];
  readonly largestProcessPeakKb: number;
  readonly samples: number;
}

/** Samples the memory of a process tree until `stop()` is called. */
export declare function startTreeSampler(
  rootPid: number,
  intervalMs?: number,
): { pids(): number[]; stop(): TreePeak };

/** One measured run of a command. */
export interface TreeRun {
  /** Wall time from spawn to exit. */
  readonly wallMs: number;
  /** Peak of the summed resident set size of the process and its descendants, in MiB. */
  readonly peakMb: number;
  /** How many processes were alive at that peak. */
  readonly peakProcesses: number;
  /** Each process's resident set size at that peak, largest first, by the program it runs (its command line's first argument). */
  readonly peakByProcess: readonly { readonly name: string; readonly mb: number }[];
  /** The largest `VmHWM` seen of a single process of the tree, in MiB. */
  readonly largestProcessPeakMb: number;
  /** How many times the tree was sampled. */
  readonly samples: number;
  /** Exit status (null when killed by a signal). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end, sampling its process tree's memory every `intervalMs` (10 ms by default). */
export declare function runMeasured(
  command: string,
  args: readonly string[],
  options?: { cwd?: string; env?: NodeJS.ProcessEnv; intervalMs?: number; timeoutMs?: number },
): Promise<TreeRun>;
