import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clock, operationRef } from '../operations.js';
import {
  isInternalFrame,
  isOnFunctionLine,
  isUserFrame,
  structured,
  type CallSiteLike,
  type CapturedSite,
} from '../stack.js';
import type {
  AsyncSite,
  AsyncSpan,
  AsyncWorkReport,
  ConcurrencySeries,
  Finding,
  RecordingCoverage,
  ResourcePeak,
  StackFrame,
} from '../types.js';
import type { PromiseRecord } from './promises.js';

/** What {@link AsyncWork} needs from the options. */
export interface AsyncWorkOptions {
  readonly inFlightThreshold: number;
  readonly sequentialMin: number;
  readonly includeDependencies: boolean;
}

interface Run {
  readonly length: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly sumMs: number;
  readonly maxMs: number;
  readonly operation: number;
}

interface SiteState {
  readonly id: number;
  readonly key: string;
  /** The program's own frames, the call line first. */
  readonly frames: readonly StackFrame[];
  awaitedAt: readonly StackFrame[];
  count: number;
  totalMs: number;
  maxMs: number;
  inFlight: number;
  maxInFlight: number;
  peakAtMs: number;
  peakOperation: number;
  /** The peak was counted in a sampling window: promises made before it opened were not seen, so it is a floor. */
  peakInWindow: boolean;
  sampled: boolean;
  last: PromiseRecord | undefined;
  run: number;
  runStartMs: number;
  runSumMs: number;
  runMaxMs: number;
  runOperation: number;
  best: Run | undefined;
  longestRun: number;
  /** `[atMs, inFlight]` pairs once the site had two in flight; halved (peaks kept) when full. */
  series: number[] | undefined;
}

/** The doctor's own files (`dist/`), as a path and as a URL prefix. */
const ownDirectory = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ownUrl = new URL('..', import.meta.url).href;

/**
 * A cheap key for a captured stack: `file:line:col` of its first two frames in the program's own files, without
 * building frame objects or converting URLs (formatting every frame of thousands of stacks is what costs).
 */
function rawKey(includeDependencies: boolean): (error: Error, callSites: CallSiteLike[]) => KeyedStack {
  return (_error, callSites) => {
    let key = '';
    let found = 0;
    for (const site of callSites) {
      const file = site.getFileName();
      if (file === null || file === undefined) continue;
      if (!file.startsWith('file://') && !file.startsWith('/')) continue;
      if (file.startsWith(ownUrl) || file.startsWith(ownDirectory + path.sep)) continue;
      if (!includeDependencies && file.includes('/node_modules/')) continue;
      key += `${file}:${site.getLineNumber() ?? 0}:${site.getColumnNumber() ?? 0}|`;
      if (++found === 2) break;
    }
    return { key, callSites };
  };
}

/** A stack read once (V8 keeps what the first read returned): its key, and its call sites for a new site's frames. */
interface KeyedStack {
  readonly key: string;
  readonly callSites: CallSiteLike[];
}

const maxSites = 2000;
const spanRingSize = 20_000;
const seriesPoints = 512;
const youngLimit = 4096;
const resourceEveryMs = 10;
/** Resource types worth a peak: sockets, servers, file operations and handles, DNS look-ups, child processes. */
const countedResources =
  /^(?:TCPSocketWrap|TCPServerWrap|TCPWRAP|PipeWrap|TLSWrap|FSReqCallback|FSReqPromise|FileHandle|GetAddrInfoReqWrap|ProcessWrap|UDPWrap)$/;

/**
 * `--full`: the async work of the program's own code, aggregated per call site. A recorded promise still pending at
 * the end of the turn that created it counts at its site: how long, how many at once, and whether it was awaited
 * right after the previous one in the same activation of an async function. One that settled within its turn (a
 * chain of promise callbacks, however long the machine took to run it) was not waiting.
 * Memory is bounded: at most {@link maxSites} sites, a ring of {@link spanRingSize} spans, {@link seriesPoints}
 * points per concurrency series.
 */
export class AsyncWork {
  readonly #options: AsyncWorkOptions;
  readonly #sites = new Map<string, SiteState>();
  /** Sites by id; id 0 is never used (a record's `siteId` 0 means not yet resolved). */
  readonly #byId: (SiteState | undefined)[] = [undefined];
  readonly #young: PromiseRecord[] = [];
  /** The ring of spans, a column per field (no object per span until a report asks for them). */
  readonly #spanSite = new Int32Array(spanRingSize);
  readonly #spanOperation = new Int32Array(spanRingSize);
  readonly #spanStart = new Float64Array(spanRingSize);
  readonly #spanEnd = new Float64Array(spanRingSize);
  /** How many spans were ever written; the ring holds the last {@link spanRingSize}. */
  #spanCount = 0;
  #flushScheduled = false;
  readonly #schedule: (callback: () => void) => void;
  readonly #resources = new Map<string, { peak: number; atMs: number }>();
  #resourcesAt = -Infinity;
  readonly #flush = (): void => {
    this.#flushScheduled = false;
    this.flush();
  };

  readonly #rawKey: ReturnType<typeof rawKey>;

  constructor(options: AsyncWorkOptions, schedule: (callback: () => void) => void) {
    this.#options = options;
    this.#rawKey = rawKey(options.includeDependencies);
    this.#schedule = schedule;
  }

  /** A promise was recorded: it is judged at the end of this turn. */
  created(record: PromiseRecord): void {
    if (record.reaction) return;
    const young = this.#young;
    young.push(record);
    if (young.length > youngLimit) this.#compact();
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      this.#schedule(this.#flush);
    }
  }

  /** A long microtask run never reaches the end of its turn: drop what already settled (it was not waiting). */
  #compact(): void {
    const young = this.#young;
    let kept = 0;
    for (const record of young) {
      if (record.endMs < 0) young[kept++] = record;
    }
    young.length = kept;
  }

  /** A recorded promise settled. */
  settled(record: PromiseRecord): void {
    if (!record.live) return;
    const site = this.#byId[record.siteId];
    if (site === undefined) return;
    site.inFlight -= record.weight;
    this.#point(site, record.endMs);
    this.#finish(record, site);
  }

  /**
   * A recording window closed while `record` was pending: it no longer counts in flight at its site (nobody will see
   * it settle, and a count left standing would inflate the next window's peak), and it ends no run.
   */
  censor(record: PromiseRecord): void {
    if (!record.live) return;
    record.live = false;
    const site = this.#byId[record.siteId];
    if (site === undefined) return;
    site.inFlight -= record.weight;
  }

  /**
   * The end of a turn (the callback that created the records and the promise callbacks it started have run): promises
   * still pending count as in flight at their sites; those that settled within the turn were not waiting.
   */
  flush(): void {
    const young = this.#young;
    let now = -1;
    for (const record of young) {
      if (record.endMs >= 0) continue;
      const site = this.#siteOf(record);
      if (site === undefined) continue;
      if (now < 0) now = clock();
      record.live = true;
      site.inFlight += record.weight;
      if (site.inFlight > site.maxInFlight) {
        site.maxInFlight = site.inFlight;
        site.peakAtMs = now;
        site.peakOperation = record.operation;
        site.peakInWindow = record.window > 0;
      }
      this.#point(site, now);
    }
    young.length = 0;
    if (now >= 0 && now - this.#resourcesAt >= resourceEveryMs) this.#countResources(now);
  }

  #countResources(now: number): void {
    this.#resourcesAt = now;
    const counts = new Map<string, number>();
    for (const type of process.getActiveResourcesInfo()) {
      if (countedResources.test(type)) counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    for (const [type, count] of counts) {
      const known = this.#resources.get(type);
      if (known === undefined) this.#resources.set(type, { peak: count, atMs: now });
      else if (count > known.peak) {
        known.peak = count;
        known.atMs = now;
      }
    }
  }

  #isOwn(frame: StackFrame): boolean {
    if (isUserFrame(frame)) return true;
    return (
      this.#options.includeDependencies &&
      !isInternalFrame(frame) &&
      path.isAbsolute(frame.file) &&
      frame.file.includes(`${path.sep}node_modules${path.sep}`)
    );
  }

  #keyOf(site: CapturedSite): KeyedStack {
    const previous: unknown = Reflect.get(Error, 'prepareStackTrace');
    Reflect.set(Error, 'prepareStackTrace', this.#rawKey);
    try {
      const stack: unknown = site.stack;
      if (typeof stack === 'object' && stack !== null && 'key' in stack) return stack as KeyedStack;
      return { key: '', callSites: [] };
    } finally {
      Reflect.set(Error, 'prepareStackTrace', previous);
    }
  }

  #ownFrames(callSites: CallSiteLike[]): StackFrame[] {
    return structured(new Error(), callSites).filter((frame) => this.#isOwn(frame));
  }

  /** The site a record counts at: its first two frames of the program's own code; `undefined` for none. */
  #siteOf(record: PromiseRecord): SiteState | undefined {
    if (record.siteId !== 0) return this.#byId[record.siteId];
    const { key, callSites } = this.#keyOf(record.site);
    let site = key === '' ? undefined : this.#sites.get(key);
    if (site === undefined) {
      const own = key === '' ? [] : this.#ownFrames(callSites);
      const first = own[0];
      // A module's own evaluation (top-level await) is the whole program, not a call.
      const moduleBody = first !== undefined && first.line === 1 && first.column === 1 && own.length === 1;
      if (first === undefined || moduleBody || this.#sites.size >= maxSites) {
        record.siteId = -1;
        return undefined;
      }
      // An async function's promise is made on its own first line: the caller's line is the call.
      const frames = isOnFunctionLine(first) && own.length > 1 ? own.slice(1) : own;
      site = {
        id: this.#byId.length,
        key,
        frames: frames.slice(0, 8),
        awaitedAt: [],
        count: 0,
        totalMs: 0,
        maxMs: 0,
        inFlight: 0,
        maxInFlight: 0,
        peakAtMs: 0,
        peakOperation: 0,
        peakInWindow: false,
        sampled: false,
        last: undefined,
        run: 0,
        runStartMs: 0,
        runSumMs: 0,
        runMaxMs: 0,
        runOperation: 0,
        best: undefined,
        longestRun: 0,
        series: undefined,
      };
      this.#byId.push(site);
      this.#sites.set(key, site);
    }
    record.siteId = site.id;
    if (site.awaitedAt.length === 0 && record.awaiter !== undefined) {
      site.awaitedAt = this.#ownFrames(this.#keyOf(record.awaiter.site).callSites).slice(0, 8);
    }
    if (record.weight !== 1) site.sampled = true;
    return site;
  }

  #point(site: SiteState, atMs: number): void {
    if (site.series === undefined) {
      if (site.inFlight < 2) return;
      site.series = [];
    }
    const series = site.series;
    const lastAt = series.length - 2;
    if (lastAt >= 0 && series[lastAt] === atMs) {
      series[lastAt + 1] = Math.max(series[lastAt + 1] ?? 0, site.inFlight);
      return;
    }
    series.push(atMs, site.inFlight);
    if (series.length >= seriesPoints * 2) {
      // Halve the resolution: keep each pair's first time and its higher count, so peaks survive.
      let kept = 0;
      for (let index = 0; index + 3 < series.length; index += 4) {
        series[kept++] = series[index] ?? 0;
        series[kept++] = Math.max(series[index + 1] ?? 0, series[index + 3] ?? 0);
      }
      series.length = kept;
    }
  }

  /** A site's promise is done (or was pending long enough within its turn): its time and its place in a run. */
  #finish(record: PromiseRecord, site: SiteState): void {
    const duration = record.endMs - record.atMs;
    site.count += record.weight;
    site.totalMs += duration * record.weight;
    if (duration > site.maxMs) site.maxMs = duration;
    const slot = this.#spanCount++ % spanRingSize;
    this.#spanSite[slot] = site.id;
    this.#spanOperation[slot] = record.operation;
    this.#spanStart[slot] = record.atMs;
    this.#spanEnd[slot] = record.endMs;
    const previous = site.last;
    // The same activation of an async function created this promise after the previous one settled: it waited for
    // it. Several workers each awaiting in turn are several activations, and their promises overlap. (No activation
    // continues across a window edge: the reactions pending at the edge are censored, so none ends a continuation.)
    const chained =
      previous !== undefined &&
      record.weight === 1 &&
      previous.weight === 1 &&
      previous.activation !== 0 &&
      record.activation === previous.activation &&
      record.seq > previous.settleSeq &&
      site.maxInFlight <= 1;
    if (chained) {
      site.run += 1;
      site.runSumMs += duration;
      if (duration > site.runMaxMs) site.runMaxMs = duration;
    } else {
      site.run = 1;
      site.runStartMs = record.atMs;
      site.runSumMs = duration;
      site.runMaxMs = duration;
      site.runOperation = record.operation;
    }
    if (site.run > site.longestRun) site.longestRun = site.run;
    if (
      site.run >= this.#options.sequentialMin &&
      (site.best === undefined || site.run >= site.best.length)
    ) {
      site.best = {
        length: site.run,
        startMs: site.runStartMs,
        endMs: record.endMs,
        sumMs: site.runSumMs,
        maxMs: site.runMaxMs,
        operation: site.runOperation,
      };
    }
    site.last = record;
  }

  /** The spans in the ring, oldest first. */
  #spanList(): AsyncSpan[] {
    const spans: AsyncSpan[] = [];
    for (let index = Math.max(0, this.#spanCount - spanRingSize); index < this.#spanCount; index++) {
      const slot = index % spanRingSize;
      spans.push({
        site: this.#spanSite[slot] ?? 0,
        startMs: this.#spanStart[slot] ?? 0,
        endMs: this.#spanEnd[slot] ?? 0,
        operation: this.#spanOperation[slot] ?? 0,
      });
    }
    return spans;
  }

  /** The sequential runs and in-flight peaks worth reporting. */
  findings(): Finding[] {
    this.flush();
    return [...this.#sequentialFindings(), ...this.#peakFindings()];
  }

  #sequentialFindings(): Finding[] {
    const candidates = this.#sitesList().filter((site) => site.best !== undefined && site.maxInFlight <= 1);
    const awaitLines = new Map(candidates.map((site) => [site, lineOf(site.awaitedAt[0])]));
    const findings: Finding[] = [];
    for (const site of candidates) {
      const run = site.best;
      if (run === undefined) continue;
      // The awaits inside a reported call (the timer inside `lookup`) are part of the outer finding.
      if (nestedIn(site, candidates, (other) => awaitLines.get(other) ?? '')) continue;
      const total = run.endMs - run.startMs;
      const mean = run.sumMs / run.length;
      const frames = site.awaitedAt.length > 0 ? site.awaitedAt : site.frames;
      findings.push({
        kind: 'sequential-awaits',
        pitfall: 'sequential-await',
        severity: 'warning',
        message: `${run.length} awaits one after another: ${run.length} × ${formatMs(round(mean))} = ${formatMs(round(total))}; together ≈ ${formatMs(round(run.maxMs))}`,
        frames,
        related:
          frames === site.frames || lineOf(frames[0]) === lineOf(site.frames[0])
            ? []
            : [{ label: 'each promise created at', frames: site.frames }],
        operation: operationRef(run.operation, run.startMs),
        atMs: run.startMs,
        data: {
          iterations: run.length,
          totalMs: round(total),
          meanMs: round(mean),
          maxMs: round(run.maxMs),
          togetherMs: round(run.maxMs),
          site: site.id,
          independence: 'unchecked',
        },
      });
    }
    return findings;
  }

  #peakFindings(): Finding[] {
    const threshold = this.#options.inFlightThreshold;
    const resources = this.#resourcePeaks();
    const findings: Finding[] = [];
    const peaked = this.#sitesList().filter((site) => site.maxInFlight > threshold);
    for (const site of peaked) {
      // The promises made inside each call (its timer, its socket) peak with it: one finding, at the call.
      if (nestedIn(site, peaked, (other) => lineOf(other.frames[0]))) continue;
      const open = resources
        .filter((resource) => resource.peak > threshold)
        .map((resource) => `${resource.peak} ${resource.type}`);
      const estimate = site.peakInWindow ? 'at least ' : site.sampled ? '≈ ' : '';
      findings.push({
        kind: 'in-flight-peak',
        pitfall: 'unbounded-concurrency',
        severity: 'warning',
        message: `${estimate}${site.maxInFlight} promises from this call were pending at once (threshold ${threshold})${open.length > 0 ? `; open at once: ${open.join(', ')}` : ''}`,
        frames: site.frames,
        related: site.awaitedAt.length > 0 ? [{ label: 'awaited at', frames: site.awaitedAt }] : [],
        operation: operationRef(site.peakOperation, site.peakAtMs),
        atMs: site.peakAtMs,
        data: {
          peak: site.maxInFlight,
          threshold,
          site: site.id,
          sampled: site.sampled,
          inWindow: site.peakInWindow,
          ...Object.fromEntries(resources.map((resource) => [`open:${resource.type}`, resource.peak])),
        },
      });
    }
    return findings;
  }

  #sitesList(): SiteState[] {
    return this.#byId.filter((site): site is SiteState => site !== undefined);
  }

  #resourcePeaks(): ResourcePeak[] {
    return [...this.#resources.entries()]
      .map(([type, { peak, atMs }]) => ({ type, peak, atMs }))
      .sort((a, b) => b.peak - a.peak);
  }

  /** The report's `asyncWork`: sites, the ring of spans (with those still pending), concurrency series. */
  report(
    pending: Iterable<PromiseRecord>,
    counts: { readonly promises: number; readonly recorded: number },
    coverage: RecordingCoverage,
  ): AsyncWorkReport {
    this.flush();
    const spans = this.#spanList();
    for (const record of pending) {
      if (record.live)
        spans.push({
          site: record.siteId,
          startMs: record.atMs,
          endMs: undefined,
          operation: record.operation,
        });
    }
    spans.sort((a, b) => a.startMs - b.startMs);
    const sites: AsyncSite[] = this.#sitesList()
      .filter((site) => site.count > 0 || site.inFlight > 0)
      .sort((a, b) => b.totalMs - a.totalMs)
      .map((site) => ({
        id: site.id,
        frames: site.frames,
        awaitedAt: site.awaitedAt,
        count: site.count,
        totalMs: round(site.totalMs),
        maxMs: round(site.maxMs),
        maxInFlight: site.maxInFlight,
        peakAtMs: round(site.peakAtMs),
        longestRun: site.longestRun,
        sampled: site.sampled,
      }));
    const concurrency: ConcurrencySeries[] = this.#sitesList()
      .filter((site) => site.series !== undefined && site.maxInFlight >= 2)
      .sort((a, b) => b.maxInFlight - a.maxInFlight)
      .slice(0, 12)
      .map((site) => {
        const series = site.series ?? [];
        const points: [number, number][] = [];
        for (let index = 0; index + 1 < series.length; index += 2) {
          points.push([round(series[index] ?? 0), series[index + 1] ?? 0]);
        }
        return { site: site.id, points };
      });
    return {
      sites,
      spans,
      droppedSpans: Math.max(0, this.#spanCount - spanRingSize),
      concurrency,
      resources: this.#resourcePeaks(),
      promises: counts.promises,
      recorded: counts.recorded,
      coverage,
    };
  }
}

function lineOf(frame: StackFrame | undefined): string {
  return frame === undefined ? '' : `${frame.file}:${frame.line}`;
}

/** True when `site` was created inside the call of another of `sites` (its line is one of `site`'s callers). */
function nestedIn(
  site: SiteState,
  sites: readonly SiteState[],
  lineOfOther: (other: SiteState) => string,
): boolean {
  return sites.some((other) => {
    const line = lineOfOther(other);
    return other !== site && line !== '' && site.frames.slice(1).some((frame) => lineOf(frame) === line);
  });
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** `25 ms`, `306 ms`, `1.2 s`, `0.4 ms`. */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}
