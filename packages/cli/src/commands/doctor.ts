import path from 'node:path';
import type { DoctorReport, Finding } from '@awaitwise/doctor';
import type { CliIo } from '../io.js';

/**
 * `awaitwise doctor …`: hands over to `@awaitwise/doctor`'s `doctorCommand`, imported only now so that `check` never
 * loads it, and joins its run-time `sequential-await` findings with the analyzer's verdict on the loop.
 */
export async function doctorCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const doctor = await import('@awaitwise/doctor');
  return doctor.doctorCommand(argv, io, {
    refine: (reports) => joinIndependence(reports, io.cwd),
  });
}

/** The analyzer's view of one file: the lines where it reports an `await` of a loop with independent iterations. */
type Verdicts = ReadonlyMap<string, ReadonlySet<number> | undefined>;

/**
 * The doctor sees that a call site's promises ran one after another in one activation, but not whether each
 * iteration needed the previous one's result (a cursor, a running total): only the code says so. The analyzer's
 * `sequential-await` rule reports a loop exactly when its iterations are independent, so:
 *
 * - the analyzer reports the same `await` line → the finding stays, marked `independence: 'independent'`;
 * - the analyzer checked the file and stays silent on that line → the loop carries data from one iteration to the
 *   next or must run in order (a dependent chain): the finding is dropped;
 * - the file could not be analyzed → the finding stays, `independence: 'unchecked'`.
 */
export async function joinIndependence(reports: DoctorReport[], cwd: string): Promise<DoctorReport[]> {
  const files = new Set<string>();
  for (const report of reports) {
    for (const finding of report.findings) {
      const file = awaitFile(finding);
      if (file !== undefined) files.add(file);
    }
  }
  if (files.size === 0) return reports;
  const verdicts = await analyzeLoops([...files], cwd);
  return reports.map((report) => ({
    ...report,
    findings: report.findings.flatMap((finding): Finding[] => {
      const file = awaitFile(finding);
      const frame = finding.frames[0];
      if (file === undefined || frame === undefined) return [finding];
      const lines = verdicts.get(file);
      if (lines === undefined) return [finding];
      if (!lines.has(frame.line)) return [];
      return [
        {
          ...finding,
          message: `${finding.message} (the analyzer confirms the iterations are independent)`,
          data: { ...finding.data, independence: 'independent' },
        },
      ];
    }),
  }));
}

function awaitFile(finding: Finding): string | undefined {
  if (finding.kind !== 'sequential-awaits') return undefined;
  const file = finding.frames[0]?.file;
  return file !== undefined && path.isAbsolute(file) ? file : undefined;
}

async function analyzeLoops(files: string[], cwd: string): Promise<Verdicts> {
  const verdicts = new Map<string, Set<number> | undefined>();
  const analyzer = await import('@awaitwise/analyzer');
  const rule = analyzer.allRules.find((candidate) => candidate.meta.id === 'sequential-await');
  if (rule === undefined) return verdicts;
  for (const file of files) {
    try {
      const result = await analyzer.analyze({
        cwd,
        paths: [file],
        rules: [rule],
        config: { rules: { 'sequential-await': 'warning' } },
      });
      const failed = result.fileErrors.some((error) => path.resolve(cwd, error.file) === file);
      if (failed) continue;
      const lines = new Set<number>();
      for (const finding of result.findings) {
        if (path.resolve(cwd, finding.file) === file) lines.add(finding.line);
      }
      verdicts.set(file, lines);
    } catch {
      // Not analyzable (outside any project the analyzer can load): the run-time finding stays unchecked.
    }
  }
  return verdicts;
}
