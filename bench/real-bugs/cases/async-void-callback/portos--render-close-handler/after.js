// Case: atomantic/PortOS, fix commit 155a6c18bde75b9bed02a8caf5ea02743adc0f11 ("guard async child_process handlers
// against unhandled-rejection crashes", issue https://github.com/atomantic/PortOS/issues/1825). Fixed: the
// handler's body is wrapped in try/catch and a failed post-processing step is reported as the job's error.
import { spawn } from 'node:child_process';
import { unlink } from 'node:fs/promises';

/**
 * @param {{ status: string, lastError?: string }} job
 * @param {string[]} encoderArgs
 * @param {string} outputPath
 * @param {{ thumbnail(path: string): Promise<string>, loadHistory(): Promise<unknown[]>,
 *   saveHistory(items: unknown[]): Promise<void>, notify(event: object): void }} media
 */
export function renderVideo(job, encoderArgs, outputPath, media) {
  const encoder = spawn('ffmpeg', encoderArgs);

  encoder.on('error', (error) => {
    job.status = 'error';
    job.lastError = `encoder did not start: ${error.message}`;
    media.notify({ type: 'error', error: job.lastError });
  });

  encoder.on('close', async (code, signal) => {
    try {
      if (code !== 0) {
        job.status = signal ? 'canceled' : 'error';
        job.lastError = signal ? 'render cancelled' : `encoder exited with ${code}`;
        await unlink(outputPath).catch(() => {});
        media.notify({ type: job.status, error: job.lastError });
        return;
      }
      job.status = 'complete';
      const thumb = await media.thumbnail(outputPath);
      const history = await media.loadHistory();
      history.unshift({ path: outputPath, thumbnail: thumb, createdAt: new Date().toISOString() });
      await media.saveHistory(history);
      media.notify({ type: 'complete', path: outputPath, thumbnail: thumb });
    } catch (error) {
      job.status = 'error';
      job.lastError = `post-render step failed: ${error instanceof Error ? error.message : String(error)}`;
      media.notify({ type: 'error', error: job.lastError });
    }
  });
}
