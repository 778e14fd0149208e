// Case: atomantic/PortOS, fix commit 155a6c18bde75b9bed02a8caf5ea02743adc0f11 ("guard async child_process handlers
// against unhandled-rejection crashes", issue https://github.com/atomantic/PortOS/issues/1825). Rewritten in our own code:
// a CLI run's 'close' handler is async and awaits file writes; a failed write rejects the handler's promise, which
// nobody handles, and the unhandled rejection takes the whole server down.
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
  });

  return child.pid;
}
