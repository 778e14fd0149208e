// Wall time and peak memory of a whole process tree: a command and every process it starts (a Go child such as
// tsgolint or TypeScript 7's checker counts as much as the Node process that started it).
//
// Linux only (it reads /proc). Every `intervalMs` (10 ms by default) the sampler lists /proc, learns the parent of each
// process it has not seen yet (from /proc/<pid>/stat, once per process), and sums the resident set size (`VmRSS` of
// /proc/<pid>/status) of the command's process and all its descendants; the peak of that sum is the tree's peak
// memory. Shared pages (the node binary, a mapped Go binary) count once per process that maps them, as `top` would
// sum them. A spike shorter than the interval can be missed; `VmHWM` (each process's own peak, read at every sample)
// gives the largest single process's peak as a lower bound for the tree's.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';

/**
 * The parent pid of a process from the text of its /proc/<pid>/stat, or undefined when the text is not one.
 * The command name (second field) is in parentheses and may itself contain spaces and parentheses.
 * @param {string} statText
 * @returns {number | undefined}
 */
export function parentPidFromStat(statText) {
  const afterName = statText.slice(statText.lastIndexOf(')') + 2).split(' ');
  const parent = Number(afterName[1]);
  return Number.isInteger(parent) ? parent : undefined;
}

/**
 * A field in kB of a /proc/<pid>/status text (`VmRSS`, `VmHWM`), or 0 when absent (a zombie has none).
 * @param {string} statusText
 * @param {string} field
 * @returns {number}
 */
export function statusFieldKb(statusText, field) {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(statusText);
  return match === null ? 0 : Number(match[1]);
}

/**
 * The pids of `rootPid` and all its descendants, given each known process's parent.
 * @param {number} rootPid
 * @param {ReadonlyMap<number, number>} parentOf pid → parent pid
 * @returns {number[]}
 */
export function descendantsAndSelf(rootPid, parentOf) {
  const childrenOf = new Map();
  for (const [pid, parent] of parentOf) {
    const list = childrenOf.get(parent);
    if (list === undefined) childrenOf.set(parent, [pid]);
    else list.push(pid);
  }
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const child of childrenOf.get(tree[i]) ?? []) tree.push(child);
  }
  return tree;
}

function readOrUndefined(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // The process ended between the listing and the read.
  }
}

/**
 * A process's name: the file name of the program it runs (`/proc/<pid>/cmdline`'s first argument), or the name
 * `/proc/<pid>/status` gives it. Not that name first: Node 24 names its main thread `MainThread`, and the status of a
 * process is its main thread's.
 *
 * @param {number} pid
 * @param {string} status the text of /proc/<pid>/status
 * @returns {string}
 */
function processName(pid, status) {
  const program = readOrUndefined(`/proc/${pid}/cmdline`)?.split('\0')[0];
  if (program !== undefined && program !== '') return basename(program);
  return /^Name:\s*(.*)$/m.exec(status)?.[1] ?? String(pid);
}

/**
 * Samples the memory of a process tree until `stop()` is called.
 * @param {number} rootPid
 * @param {number} intervalMs
 */
export function startTreeSampler(rootPid, intervalMs = 10) {
  /** @type {Map<number, number>} */
  const parentOf = new Map();
  let peakKb = 0;
  let peakProcesses = 0;
  /** @type {{ name: string, kb: number }[]} */
  let peakByProcess = [];
  let largestProcessPeakKb = 0;
  let samples = 0;
  const sample = () => {
    const listed = new Set();
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid)) continue;
      listed.add(pid);
      if (!parentOf.has(pid)) {
        const stat = readOrUndefined(`/proc/${pid}/stat`);
        const parent = stat === undefined ? undefined : parentPidFromStat(stat);
        if (parent !== undefined) parentOf.set(pid, parent);
      }
    }
    // Forget processes that ended (their pid may be reused by an unrelated process later).
    for (const pid of parentOf.keys()) if (!listed.has(pid)) parentOf.delete(pid);
    let totalKb = 0;
    const byProcess = [];
    for (const pid of descendantsAndSelf(rootPid, parentOf)) {
      const status = readOrUndefined(`/proc/${pid}/status`);
      if (status === undefined) continue;
      const kb = statusFieldKb(status, 'VmRSS');
      totalKb += kb;
      byProcess.push({ name: processName(pid, status), kb });
      largestProcessPeakKb = Math.max(largestProcessPeakKb, statusFieldKb(status, 'VmHWM'));
    }
    samples++;
    if (totalKb > peakKb) {
      peakKb = totalKb;
      peakProcesses = byProcess.length;
      peakByProcess = byProcess;
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    /** The pids of the tree at the last sample. */
    pids() {
      return descendantsAndSelf(rootPid, parentOf);
    },
    /** Stops sampling; returns the peak of the tree's summed VmRSS and how it was found. */
    stop() {
      clearInterval(timer);
      return { peakKb, peakProcesses, peakByProcess, largestProcessPeakKb, samples };
    },
  };
}

function killTree(pids) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/**
 * @typedef {object} TreeRun
 * @property {number} wallMs wall time from spawn to exit
 * @property {number} peakMb peak of the summed resident set size of the process and its descendants, in MiB
 * @property {number} peakProcesses how many processes were alive at that peak
 * @property {{ name: string, mb: number }[]} peakByProcess each process's resident set size at that peak, largest
 *   first, named by the program each runs (its command line's first argument)
 * @property {number} largestProcessPeakMb the largest `VmHWM` seen of a single process of the tree, in MiB
 * @property {number} samples how many times the tree was sampled
 * @property {number | null} status exit status (null when killed by a signal)
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * Runs a command to its end, sampling its process tree's memory every `intervalMs`.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, intervalMs?: number, timeoutMs?: number }} [options]
 *   `timeoutMs`: the command is killed (SIGKILL) after that long; its status is then null.
 * @returns {Promise<TreeRun>}
 */
export function runMeasured(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) {
      child.once('error', reject);
      return;
    }
    const sampler = startTreeSampler(child.pid, options.intervalMs ?? 10);
    const timeout =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => killTree(sampler.pids()), options.timeoutMs);
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.once('error', (error) => {
      clearTimeout(timeout);
      sampler.stop();
      reject(error);
    });
    child.once('close', (status) => {
      const wallMs = performance.now() - started;
      clearTimeout(timeout);
      const peak = sampler.stop();
      resolve({
        wallMs,
        peakMb: peak.peakKb / 1024,
        peakProcesses: peak.peakProcesses,
        peakByProcess: peak.peakByProcess
          .map(({ name, kb }) => ({ name, mb: kb / 1024 }))
          .sort((a, b) => b.mb - a.mb),
        largestProcessPeakMb: peak.largestProcessPeakKb / 1024,
        samples: peak.samples,
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
  });
}
