// Case: atomantic/PortOS, fix commit 155a6c18bde75b9bed02a8caf5ea02743adc0f11 ("guard async child_process handlers
// against unhandled-rejection crashes", issue https://github.com/atomantic/PortOS/issues/1825). Fixed: the
// handler's whole body is in try/catch, so a failed write is logged and never escapes as a rejection.
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * @param {{ command: string, args: string[], outputPath: string, metaPath: string,
 *   onDone?: (meta: Record<string, unknown>) => void }} run
 */
export function startCliRun(run) {
  const startedAt = Date.now();
  let output = '';
  const child = spawn(run.command, run.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => {
    output += String(chunk);
  });

  child.on('close', async (code) => {
    // Runs outside any request: a throw here would be an unhandled rejection.
    try {
      await writeFile(run.outputPath, output);

      const previous = await readFile(run.metaPath, 'utf8').catch(() => '{}');
      /** @type {Record<string, unknown>} */
      let meta = {};
      try {
        meta = JSON.parse(previous);
      } catch {
        console.warn('run metadata was unreadable; starting afresh');
      }
      meta.finishedAt = new Date().toISOString();
      meta.durationMs = Date.now() - startedAt;
      meta.exitCode = code;
      meta.ok = code === 0;

      await writeFile(run.metaPath, JSON.stringify(meta, null, 2));
      run.onDone?.(meta);
    } catch (error) {
      console.error(`run close handler failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  return child.pid;
}
