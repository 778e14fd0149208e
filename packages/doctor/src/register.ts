/**
 * The preload: `node --import @awaitwise/doctor/register app.js`. Starts the doctor in the main thread of every
 * Node process it is loaded into (not in worker threads, not in package managers such as npm itself) and, at
 * exit, writes the JSON report to `$AWAITWISE_DOCTOR_REPORT_DIR/report-<pid>.json` when the `awaitwise doctor`
 * command set that variable, or prints the findings to stderr otherwise.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { formatReport } from './report/terminal.js';
import { startDoctorAtExit, writeReportFile } from './runtime/doctor.js';
import type { DoctorOptions } from './options.js';
import { stopFileName } from './protocol.js';

const packageManagers = /^(?:npm-cli|npx-cli|npm|npx|yarn|pnpm|pnpx|corepack)(?:\.c?js|\.mjs)?$/;

function shouldDiagnose(): boolean {
  if (!isMainThread) return false;
  const main = process.argv[1];
  return main === undefined || !packageManagers.test(path.basename(main));
}

function optionsFromEnvironment(): DoctorOptions | undefined {
  const text = process.env['AWAITWISE_DOCTOR_OPTIONS'];
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as DoctorOptions;
  } catch {
    throw new TypeError(
      `Expected \`AWAITWISE_DOCTOR_OPTIONS\` to hold JSON options, got \`${text}\` (string)`,
    );
  }
}

if (shouldDiagnose()) {
  const directory = process.env['AWAITWISE_DOCTOR_REPORT_DIR'];
  const command = directory !== undefined && directory !== '';
  startDoctorAtExit(
    optionsFromEnvironment(),
    (report) => {
      if (command) {
        writeReportFile(path.join(directory, `report-${process.pid}.json`), report);
      } else if (report.findings.length > 0) {
        const color = process.stderr.isTTY && (process.env['NO_COLOR'] ?? '') === '';
        process.stderr.write(`\n${formatReport([report], { color })}\n`);
      }
    },
    // `awaitwise doctor --timeout` leaves this file before it sends SIGTERM.
    () => command && existsSync(path.join(directory, stopFileName)),
  );
}
