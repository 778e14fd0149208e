import path from 'node:path';
import { getPitfall, isPitfallId } from '@awaitwise/catalog';
import { isUserFrame } from '../stack.js';
import type { DoctorReport, Finding, OperationRecord, StackFrame } from '../types.js';
import { fileCodeFrame } from './code-frame.js';
import { rankFindings } from './rank.js';
import { asyncWorkHtml, escapeHtml, waterfallStyle } from './waterfall.js';
import { groupFindings } from './terminal.js';

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /**
   * Paths are shown relative to this directory.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * The page title.
   * @default 'awaitwise doctor report'
   */
  readonly title?: string;
}

function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}

const style = `
:root{--bg:#fff;--fg:#1d2330;--muted:#6b7385;--line:#e3e6ec;--error:#c62828;--warning:#b26a00;--info:#1565c0;--ok:#2e7d32;--bar:#4f6bd8;--bar-rejected:#c62828;--bar-running:#9aa4b8}
@media (prefers-color-scheme:dark){:root{--bg:#14171d;--fg:#e6e9ef;--muted:#9aa3b5;--line:#2a303b}}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;background:var(--bg);color:var(--fg)}
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:18px 0 6px}.muted{color:var(--muted)}.summary{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.pill{border:1px solid var(--line);border-radius:999px;padding:2px 10px}.error{color:var(--error)}.warning{color:var(--warning)}.info{color:var(--info)}.ok{color:var(--ok)}
.finding{border:1px solid var(--line);border-left:4px solid var(--muted);border-radius:6px;padding:8px 12px;margin:8px 0}
.finding.sev-error{border-left-color:var(--error)}.finding.sev-warning{border-left-color:var(--warning)}.finding.sev-info{border-left-color:var(--info)}
pre{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;overflow-x:auto;margin:6px 0;padding:6px 8px;background:rgba(127,127,127,.08);border-radius:4px}
.fix{margin:6px 0 0}.filters{margin:8px 0}.filters label{margin-right:12px}
.timeline{border:1px solid var(--line);border-radius:6px;padding:8px}.row{display:grid;grid-template-columns:220px 1fr;align-items:center;min-height:22px}
.label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding-right:8px;font-size:13px}.track{position:relative;height:16px;border-left:1px solid var(--line)}
.bar{position:absolute;top:3px;height:10px;border-radius:3px;background:var(--bar);min-width:2px}.bar.rejected{background:var(--bar-rejected)}.bar.running{background:repeating-linear-gradient(45deg,var(--bar-running),var(--bar-running) 4px,transparent 4px,transparent 8px)}
.tick{position:absolute;top:0;width:2px;height:16px;background:var(--fg);opacity:.6}.marker{position:absolute;top:2px;width:12px;height:12px;margin-left:-6px;transform:rotate(45deg)}
.marker.sev-error{background:var(--error)}.marker.sev-warning{background:var(--warning)}.marker.sev-info{background:var(--info)}
.axis{display:flex;justify-content:space-between;font-size:11px;color:var(--muted);margin-left:220px}
`;

const script = `
document.querySelectorAll('input[data-severity]').forEach(function (box) {
  box.addEventListener('change', function () {
    var severity = box.getAttribute('data-severity');
    document.querySelectorAll('.finding.sev-' + severity).forEach(function (el) { el.hidden = !box.checked; });
  });
});
`;

function frameText(frame: StackFrame, cwd: string): string {
  const file = path.isAbsolute(frame.file) ? path.relative(cwd, frame.file) || frame.file : frame.file;
  const name = frame.functionName === '' ? '<anonymous>' : frame.functionName;
  return `${frame.async ? 'async ' : ''}${name} (${file}:${frame.line}:${frame.column})`;
}

function findingHtml(finding: Finding, cwd: string): string {
  const parts = [`<div class="finding sev-${finding.severity}" data-kind="${finding.kind}">`];
  parts.push(`<div><strong class="${finding.severity}">${escapeHtml(finding.message)}</strong></div>`);
  if (finding.frames.length > 0) {
    parts.push(
      `<pre>${escapeHtml(
        finding.frames
          .slice(0, 8)
          .map((f) => `at ${frameText(f, cwd)}`)
          .join('\n'),
      )}</pre>`,
    );
  }
  const userFrame = finding.frames.find(isUserFrame);
  if (userFrame !== undefined) {
    const frame = fileCodeFrame(userFrame.file, userFrame.line, userFrame.column);
    if (frame !== undefined) parts.push(`<pre class="code">${escapeHtml(frame)}</pre>`);
  }
  for (const related of finding.related) {
    parts.push(
      `<div class="muted">${escapeHtml(related.label)}</div><pre>${escapeHtml(
        related.frames
          .slice(0, 8)
          .map((f) => `at ${frameText(f, cwd)}`)
          .join('\n'),
      )}</pre>`,
    );
  }
  if (finding.operation !== undefined) {
    parts.push(
      `<div class="muted">operation #${finding.operation.id} ${escapeHtml(finding.operation.name)} (${Math.round(finding.operation.elapsedMs)} ms in${finding.operation.steps.length === 0 ? '' : `; steps: ${escapeHtml(finding.operation.steps.map((step) => `${step.name} +${Math.round(step.atMs)} ms`).join(', '))}`})</div>`,
    );
  }
  parts.push('</div>');
  return parts.join('');
}

function depthOf(operation: OperationRecord, byId: ReadonlyMap<number, OperationRecord>): number {
  let depth = 0;
  let parent = operation.parentId === undefined ? undefined : byId.get(operation.parentId);
  while (parent !== undefined && depth < 20) {
    depth += 1;
    parent = parent.parentId === undefined ? undefined : byId.get(parent.parentId);
  }
  return depth;
}

function percent(value: number, total: number): string {
  return `${Math.max(0, Math.min(100, (value / total) * 100)).toFixed(3)}%`;
}

function timelineHtml(report: DoctorReport): string {
  const operations = report.operations;
  const end = Math.max(
    report.durationMs,
    ...operations.map((operation) => operation.endMs ?? report.durationMs),
    ...report.findings.map((finding) => finding.atMs),
    1,
  );
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const rows: string[] = [];
  rows.push(
    `<div class="axis"><span>0 ms</span><span>${Math.round(end / 2)} ms</span><span>${Math.round(end)} ms</span></div>`,
  );
  const markers = report.findings
    .map(
      (finding) =>
        `<span class="marker sev-${finding.severity}" style="left:${percent(finding.atMs, end)}" title="${escapeHtml(`${Math.round(finding.atMs)} ms: ${finding.message}`)}"></span>`,
    )
    .join('');
  rows.push(
    `<div class="row findings-row"><div class="label">findings</div><div class="track">${markers}</div></div>`,
  );
  for (const operation of operations) {
    const stop = operation.endMs ?? end;
    const duration = stop - operation.startMs;
    const ticks = operation.steps
      .map(
        (step) =>
          `<span class="tick" style="left:${percent(operation.startMs + step.atMs, end)}" title="${escapeHtml(`${step.name} at +${Math.round(step.atMs)} ms`)}"></span>`,
      )
      .join('');
    const title = `#${operation.id} ${operation.name}: ${operation.status}, ${Math.round(duration)} ms${operation.error === undefined ? '' : ` (${operation.error})`}`;
    const indent = '&nbsp;&nbsp;'.repeat(depthOf(operation, byId));
    rows.push(
      `<div class="row op" data-status="${operation.status}"><div class="label" title="${escapeHtml(title)}">${indent}${escapeHtml(operation.name)} <span class="muted">${Math.round(duration)} ms</span></div>` +
        `<div class="track"><span class="bar ${operation.status}" style="left:${percent(operation.startMs, end)};width:${percent(duration, end)}" title="${escapeHtml(title)}"></span>${ticks}</div></div>`,
    );
  }
  if (operations.length === 0) {
    rows.push(
      '<p class="muted">No traced operations: wrap work in <code>traced(name, fn)</code> to see it here.</p>',
    );
  }
  return `<div class="timeline">${rows.join('')}</div>`;
}

/**
 * Renders reports as one self-contained HTML page (inline CSS and JS, nothing fetched): a summary, the findings
 * grouped by pitfall with code frames and fixes, and a timeline of the traced operations per process.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { renderHtml, startDoctor } from '@awaitwise/doctor';
 * const doctor = startDoctor();
 * // … run the work …
 * writeFileSync('report.html', renderHtml([doctor.report()]));
 * ```
 */
export function renderHtml(reports: readonly DoctorReport[], options: HtmlOptions = {}): string {
  const cwd = options.cwd ?? process.cwd();
  const title = options.title ?? 'awaitwise doctor report';
  const all = reports.flatMap((report) => report.findings);
  const count = (severity: Finding['severity']) =>
    all.filter((finding) => finding.severity === severity).length;
  const body: string[] = [];
  body.push(`<h1>${escapeHtml(title)}</h1>`);
  body.push(
    `<div class="summary"><span class="pill error" id="count-error">${plural(count('error'), 'error')}</span><span class="pill warning" id="count-warning">${plural(count('warning'), 'warning')}</span><span class="pill info" id="count-info">${plural(count('info'), 'note')}</span><span class="pill">${plural(reports.length, 'process', 'processes')}</span></div>`,
  );
  body.push(
    '<div class="filters">Show: <label><input type="checkbox" data-severity="error" checked> errors</label><label><input type="checkbox" data-severity="warning" checked> warnings</label><label><input type="checkbox" data-severity="info" checked> notes</label></div>',
  );
  for (const report of reports) {
    const command = report.argv.slice(1).join(' ');
    const exit =
      report.exit.cause === 'signal'
        ? `killed by ${report.exit.signal ?? 'a signal'}`
        : `${report.exit.cause}, exit code ${report.exit.code ?? 0}`;
    body.push(
      `<section class="process" data-pid="${report.pid}"><h2>${escapeHtml(command)}</h2><div class="muted">pid ${report.pid} · ${escapeHtml(exit)} · ${Math.round(report.durationMs)} ms · ${report.mode} mode · Node ${escapeHtml(report.nodeVersion)}</div>`,
    );
    body.push('<h3>Timeline</h3>', timelineHtml(report));
    if (report.asyncWork !== undefined)
      body.push('<h3>Where the waiting went</h3>', asyncWorkHtml(report, cwd));
    body.push('<h3>Findings</h3>');
    if (report.findings.length === 0) body.push('<p class="ok clean">No async defects found.</p>');
    for (const [key, findings] of groupFindings(rankFindings(report.findings))) {
      const pitfall = isPitfallId(key) ? getPitfall(key) : undefined;
      body.push(
        `<div class="group" data-group="${escapeHtml(key)}"><h3>${escapeHtml(key)}${pitfall === undefined ? '' : ` · ${escapeHtml(pitfall.title)}`} <span class="muted">(${findings.length})</span></h3>`,
      );
      for (const finding of findings) body.push(findingHtml(finding, cwd));
      if (pitfall !== undefined) {
        body.push(
          `<p class="fix"><strong class="ok">fix:</strong> ${escapeHtml(pitfall.fix)} <a href="${escapeHtml(pitfall.docsUrl)}">docs</a></p>`,
        );
      }
      body.push('</div>');
    }
    body.push('</section>');
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title><style>${style}${waterfallStyle}</style></head>
<body><main>${body.join('\n')}</main><script>${script}</script></body></html>
`;
}
