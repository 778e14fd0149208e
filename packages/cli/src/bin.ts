import { run } from './run.js';

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // Not a usage problem: a bug. Show everything and fail with the "could not run" status.
  process.stderr.write(`awaitwise: internal error, please report it with this output\n`);
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
}
