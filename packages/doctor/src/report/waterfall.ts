import path from 'node:path';
import { formatMs } from '../runtime/async-work.js';
import { coverageNote } from './coverage.js';
import type { AsyncSite, AsyncSpan, AsyncWorkReport, DoctorReport, OperationRecord } from '../types.js';

/** A span with a definite end, as drawn. */
export interface DrawnSpan {
  readonly site: number;
  readonly startMs: number;
  readonly endMs: number;
}

const maxRows = 24;
const holdScan = 2000;
const maxBarsPerRow = 400;
const maxOperationGroups = 8;
const width = 1040;
const labelWidth = 300;
const rowHeight = 20;

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const ms = formatMs;

/**
 * The spans that decided when the work ended. Spans nest (an async function's promise holds the timer it awaits), so
 * the walk runs over the innermost ones: from the one that ended last, step back to the one that ended last before
 * it started, and so on; every span that holds one of those is on the path too.
 */
export function criticalPath(spans: readonly DrawnSpan[]): Set<DrawnSpan> {
  const path = new Set<DrawnSpan>();
  if (spans.length === 0) return path;
  const byStart = [...spans].sort((a, b) => a.startMs - b.startMs || b.endMs - a.endMs);
  const holds = holdsAnother(byStart);
  const leaves = byStart.filter((_, index) => holds[index] !== true);
  const byEnd = leaves.sort((a, b) => a.endMs - b.endMs);
  let index = byEnd.length - 1;
  let current = byEnd[index];
  const chain: DrawnSpan[] = [];
  while (current !== undefined) {
    chain.push(current);
    const start: number = current.startMs;
    let next: DrawnSpan | undefined;
    for (index -= 1; index >= 0; index--) {
      const candidate = byEnd[index];
      if (candidate !== undefined && candidate.endMs <= start + 0.05) {
        next = candidate;
        break;
      }
    }
    current = next;
  }
  for (const span of chain) path.add(span);
  // The spans that hold a critical one: sorted by start, a holder starts before it and ends after it.
  for (const span of byStart) {
    if (path.has(span)) continue;
    if (chain.some((leaf) => span.startMs <= leaf.startMs && span.endMs >= leaf.endMs)) path.add(span);
  }
  return path;
}

/**
 * For spans sorted by start, whether each holds a span of another call site (one that starts within it and ends by
 * its end): an async function's promise holds the timer it awaits. Spans of one site never hold each other (a
 * fan-out's calls run side by side). The scan looks at most {@link holdScan} spans ahead.
 */
function holdsAnother(byStart: readonly DrawnSpan[]): boolean[] {
  return byStart.map((span, index) => {
    for (let next = index + 1; next < byStart.length && next <= index + holdScan; next++) {
      const other = byStart[next];
      if (other === undefined || other.startMs >= span.endMs) break;
      if (other.site !== span.site && other.endMs <= span.endMs) return true;
    }
    return false;
  });
}

/** Merges overlapping spans of one row, so a row with thousands of bars draws as a few. */
function mergeSpans(spans: readonly DrawnSpan[], resolution: number): DrawnSpan[] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs);
  const merged: DrawnSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.startMs <= last.endMs + resolution) {
      merged[merged.length - 1] = { ...last, endMs: Math.max(last.endMs, span.endMs) };
    } else merged.push(span);
  }
  return merged;
}

function siteLabel(site: AsyncSite | undefined, cwd: string): string {
  const frame = site?.frames[0];
  if (frame === undefined) return 'other';
  const relative = path.isAbsolute(frame.file) ? path.relative(cwd, frame.file) || frame.file : frame.file;
  const file = relative.length > 28 ? path.basename(relative) : relative;
  return `${file}:${frame.line}${frame.functionName === '' ? '' : ` ${frame.functionName}`}`;
}

/** One waterfall: a row per call site, a bar per awaited promise, the critical path marked. */
function waterfallSvg(
  title: string,
  spans: readonly DrawnSpan[],
  sites: ReadonlyMap<number, AsyncSite>,
  range: { readonly startMs: number; readonly endMs: number },
  cwd: string,
): string {
  const totals = new Map<number, number>();
  for (const span of spans) totals.set(span.site, (totals.get(span.site) ?? 0) + (span.endMs - span.startMs));
  const firstStart = new Map<number, number>();
  for (const span of spans) {
    const known = firstStart.get(span.site);
    if (known === undefined || span.startMs < known) firstStart.set(span.site, span.startMs);
  }
  const rows = [...totals.keys()]
    .sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0))
    .slice(0, maxRows)
    .sort((a, b) => (firstStart.get(a) ?? 0) - (firstStart.get(b) ?? 0));
  const critical = criticalPath(spans);
  const duration = Math.max(range.endMs - range.startMs, 0.001);
  const track = width - labelWidth - 10;
  const x = (at: number) => labelWidth + ((at - range.startMs) / duration) * track;
  const height = rows.length * rowHeight + 30;
  const parts: string[] = [];
  parts.push(
    `<svg class="waterfall" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escapeHtml(title)}">`,
  );
  for (const fraction of [0, 0.25, 0.5, 0.75, 1]) {
    const at = labelWidth + fraction * track;
    parts.push(
      `<line class="grid" x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="0" y2="${height - 18}"></line><text class="axis" x="${at.toFixed(1)}" y="${height - 4}" text-anchor="${fraction === 0 ? 'start' : fraction === 1 ? 'end' : 'middle'}">${escapeHtml(ms(fraction * duration))}</text>`,
    );
  }
  rows.forEach((siteId, row) => {
    const y = row * rowHeight + 4;
    const site = sites.get(siteId);
    const rowSpans = spans.filter((span) => span.site === siteId);
    const label = siteLabel(site, cwd);
    parts.push(
      `<text class="row-label" x="${labelWidth - 8}" y="${y + 12}" text-anchor="end">${escapeHtml(label.length > 44 ? `…${label.slice(-43)}` : label)}<title>${escapeHtml(`${label}: ${rowSpans.length} × ${ms((totals.get(siteId) ?? 0) / Math.max(1, rowSpans.length))}`)}</title></text>`,
    );
    const drawn =
      rowSpans.length > maxBarsPerRow
        ? mergeSpans(rowSpans, duration / track).map((span) => ({ span, merged: true }))
        : rowSpans.map((span) => ({ span, merged: false }));
    for (const { span, merged } of drawn) {
      const left = x(span.startMs);
      const barWidth = Math.max(1.5, x(span.endMs) - left);
      const isCritical = !merged && critical.has(span);
      parts.push(
        `<rect class="span${isCritical ? ' critical' : ''}" x="${left.toFixed(2)}" y="${y + 2}" width="${barWidth.toFixed(2)}" height="${rowHeight - 8}" rx="2"><title>${escapeHtml(`${label}\n${ms(span.startMs - range.startMs)} → ${ms(span.endMs - range.startMs)} (${ms(span.endMs - span.startMs)})${isCritical ? '\non the critical path' : ''}`)}</title></rect>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

function concurrencySvg(
  points: readonly (readonly [number, number])[],
  site: AsyncSite | undefined,
  threshold: number | undefined,
  endMs: number,
  cwd: string,
): string {
  const chartHeight = 150;
  const left = 48;
  const right = width - 12;
  const top = 10;
  const bottom = chartHeight - 24;
  const peak = Math.max(1, ...points.map(([, count]) => count), threshold ?? 0);
  const first = points[0]?.[0] ?? 0;
  const last = Math.max(endMs, points[points.length - 1]?.[0] ?? 0, first + 1);
  const x = (at: number) => left + ((at - first) / (last - first)) * (right - left);
  const y = (count: number) => bottom - (count / peak) * (bottom - top);
  const steps: string[] = [];
  let previous: number | undefined;
  for (const [at, count] of points) {
    if (previous !== undefined) steps.push(`${x(at).toFixed(1)},${y(previous).toFixed(1)}`);
    steps.push(`${x(at).toFixed(1)},${y(count).toFixed(1)}`);
    previous = count;
  }
  const top1 = points.reduce<readonly [number, number] | undefined>(
    (best, point) => (best === undefined || point[1] > best[1] ? point : best),
    undefined,
  );
  const label = siteLabel(site, cwd);
  const parts = [
    `<figure class="chart"><figcaption>${escapeHtml(label)} <span class="muted">· at most ${site?.maxInFlight ?? top1?.[1] ?? 0} in flight</span></figcaption>`,
    `<svg class="concurrency" viewBox="0 0 ${width} ${chartHeight}" width="100%" role="img" aria-label="${escapeHtml(`promises in flight over time at ${label}`)}">`,
    `<line class="grid" x1="${left}" x2="${right}" y1="${bottom}" y2="${bottom}"></line>`,
    `<text class="axis" x="${left - 6}" y="${top + 8}" text-anchor="end">${peak}</text><text class="axis" x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`,
    `<text class="axis" x="${left}" y="${chartHeight - 6}">${escapeHtml(ms(first))}</text><text class="axis" x="${right}" y="${chartHeight - 6}" text-anchor="end">${escapeHtml(ms(last))}</text>`,
  ];
  if (threshold !== undefined && threshold < peak) {
    parts.push(
      `<line class="threshold" x1="${left}" x2="${right}" y1="${y(threshold).toFixed(1)}" y2="${y(threshold).toFixed(1)}"><title>threshold ${threshold}</title></line>`,
    );
  }
  parts.push(`<polyline class="series" points="${steps.join(' ')}"></polyline>`);
  for (const [at, count] of points) {
    parts.push(
      `<circle class="point" cx="${x(at).toFixed(1)}" cy="${y(count).toFixed(1)}" r="1.6"><title>${escapeHtml(`${ms(at)}: ${count} in flight`)}</title></circle>`,
    );
  }
  if (top1 !== undefined) {
    parts.push(
      `<circle class="peak" cx="${x(top1[0]).toFixed(1)}" cy="${y(top1[1]).toFixed(1)}" r="4"><title>${escapeHtml(`peak: ${top1[1]} in flight at ${ms(top1[0])}`)}</title></circle>`,
    );
  }
  parts.push('</svg></figure>');
  return parts.join('');
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

/** `GET /users/42` → `GET /users/:id`: requests that differ only by ids draw as one kind of operation. */
export function operationKind(name: string): string {
  return name.replace(/\/(?:\d+|[0-9a-f]{8,}|[0-9a-f-]{36})(?=\/|$)/gi, '/:id');
}

interface OperationGroup {
  readonly name: string;
  readonly operations: OperationRecord[];
}

/**
 * `--full`: the "where the waiting went" section of a process: one waterfall per kind of operation (its slowest
 * instance; HTTP requests and `traced()` operations grouped by name, so 10^4 requests draw as a few waterfalls), or
 * one for the whole program when there are none; then in-flight over time for the sites that peaked.
 */
export function asyncWorkHtml(report: DoctorReport, cwd: string): string {
  const work: AsyncWorkReport | undefined = report.asyncWork;
  if (work === undefined) return '';
  const sites = new Map(work.sites.map((site) => [site.id, site]));
  const end = report.durationMs;
  const drawn = (span: AsyncSpan): DrawnSpan => ({
    site: span.site,
    startMs: span.startMs,
    endMs: span.endMs ?? end,
  });
  const bySpanOperation = new Map<number, DrawnSpan[]>();
  for (const span of work.spans) {
    let list = bySpanOperation.get(span.operation);
    if (list === undefined) bySpanOperation.set(span.operation, (list = []));
    list.push(drawn(span));
  }
  const parts: string[] = ['<div class="async-work">'];
  const note = coverageNote(work.coverage);
  if (note !== undefined) parts.push(`<p class="sampled-note"><strong>${escapeHtml(note)}</strong></p>`);
  const sampled = work.recorded < work.promises;
  parts.push(
    `<p class="muted">${work.promises.toLocaleString('en-US')} promises created, ${work.recorded.toLocaleString('en-US')} recorded${sampled ? ' (the rest sampled: counts marked ≈ are estimates)' : ''}; ${work.sites.length} call sites of your code waited; ${work.spans.length.toLocaleString('en-US')} awaited spans kept${work.droppedSpans > 0 ? ` (${work.droppedSpans.toLocaleString('en-US')} older ones dropped)` : ''}. The bars of the <span class="legend critical"></span> critical path are the waits the end of the work waited for.</p>`,
  );
  const groups = new Map<string, OperationGroup>();
  for (const operation of report.operations) {
    if (!bySpanOperation.has(operation.id)) continue;
    const kind = operationKind(operation.name);
    let group = groups.get(kind);
    if (group === undefined) groups.set(kind, (group = { name: kind, operations: [] }));
    group.operations.push(operation);
  }
  const durationOf = (operation: OperationRecord) => (operation.endMs ?? end) - operation.startMs;
  const ranked = [...groups.values()]
    .map((group) => ({ group, total: group.operations.reduce((sum, op) => sum + durationOf(op), 0) }))
    .sort((a, b) => b.total - a.total);
  for (const { group } of ranked.slice(0, maxOperationGroups)) {
    const durations = group.operations.map(durationOf).sort((a, b) => a - b);
    const slowest = group.operations.reduce((a, b) => (durationOf(b) > durationOf(a) ? b : a));
    const spans = bySpanOperation.get(slowest.id) ?? [];
    const summary =
      group.operations.length === 1
        ? ms(durationOf(slowest))
        : `slowest of ${group.operations.length.toLocaleString('en-US')}: ${ms(durationOf(slowest))} · median ${ms(percentile(durations, 0.5))} · p95 ${ms(percentile(durations, 0.95))}`;
    parts.push(
      `<h4 class="waterfall-title">${escapeHtml(`#${slowest.id} ${group.name}`)} <span class="muted">${escapeHtml(summary)}</span></h4>`,
      waterfallSvg(group.name, spans, sites, { startMs: slowest.startMs, endMs: slowest.endMs ?? end }, cwd),
    );
  }
  if (ranked.length > maxOperationGroups) {
    parts.push(
      `<p class="muted">… ${ranked.length - maxOperationGroups} more kinds of operation in the JSON report.</p>`,
    );
  }
  const outside = bySpanOperation.get(0) ?? [];
  if (outside.length > 0 || ranked.length === 0) {
    const start = Math.min(...outside.map((span) => span.startMs), end);
    parts.push(
      `<h4 class="waterfall-title">${ranked.length === 0 ? 'the whole program' : 'outside any operation'} <span class="muted">${escapeHtml(ms(end))}</span></h4>`,
      outside.length === 0
        ? '<p class="muted">No awaited work of your own code stayed pending across a turn of the event loop.</p>'
        : waterfallSvg('the whole program', outside, sites, { startMs: Math.min(start, 0), endMs: end }, cwd),
    );
  }
  const threshold = report.findings.find((finding) => finding.kind === 'in-flight-peak')?.data['threshold'];
  if (work.concurrency.length > 0) {
    parts.push('<h4>In flight over time</h4>');
    const shown: AsyncSite[] = [];
    const lineOf = (site: AsyncSite | undefined) =>
      site?.frames[0] === undefined ? '' : `${site.frames[0].file}:${site.frames[0].line}`;
    for (const series of work.concurrency) {
      const site = sites.get(series.site);
      // The promises made inside each call peak with it: one chart, at the call.
      if (
        shown.some((other) =>
          site?.frames.slice(1).some((frame) => `${frame.file}:${frame.line}` === lineOf(other)),
        )
      ) {
        continue;
      }
      if (site !== undefined) shown.push(site);
      if (shown.length > 6) break;
      parts.push(
        concurrencySvg(
          series.points,
          sites.get(series.site),
          typeof threshold === 'number' ? threshold : undefined,
          end,
          cwd,
        ),
      );
    }
  }
  if (work.resources.length > 0) {
    parts.push(
      `<p class="muted">Open at once (Node's resources): ${work.resources
        .map(
          (resource) => `${resource.peak} ${escapeHtml(resource.type)} at ${escapeHtml(ms(resource.atMs))}`,
        )
        .join(', ')}</p>`,
    );
  }
  parts.push('</div>');
  return parts.join('');
}

/** The styles of the waterfall and charts, appended to the page's own. */
export const waterfallStyle = `
.async-work svg{display:block;margin:4px 0 12px;border:1px solid var(--line);border-radius:6px;background:rgba(127,127,127,.03)}
.async-work .span{fill:var(--bar);opacity:.55}.async-work .span.critical{fill:var(--error);opacity:.95}
.async-work .row-label{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:var(--fg)}
.async-work .axis{font-size:11px;fill:var(--muted)}.async-work .grid{stroke:var(--line);stroke-width:1}
.async-work .series{fill:none;stroke:var(--bar);stroke-width:2}.async-work .point{fill:var(--bar)}
.async-work .peak{fill:var(--error)}.async-work .threshold{stroke:var(--warning);stroke-dasharray:6 4;stroke-width:1.5}
.async-work figure{margin:0}.async-work figcaption{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
.waterfall-title{font-size:14px;margin:14px 0 2px}.legend.critical{display:inline-block;width:18px;height:9px;border-radius:2px;background:var(--error)}
`;
