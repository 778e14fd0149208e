// Case: JamDon2/ai-horde-bot, fix commit 82887c09c1e517f560f7579c152046005fbbe582 ("fix interval clear").
// Rewritten in our own code: a chat command asks a remote service for an image, then polls its status every ten
// seconds from an interval armed inside a `new Promise` executor. The interval is cleared when the job is done and
// when it has run too long, but every other path that rejects (no job id, a failed status check, no answer, a failed
// worker lookup) leaves it polling forever. The fix clears it after the promise settles, on both paths.
import type { Reply } from './reply.js';

interface JobStatus {
  done: boolean;
  queuePosition?: number;
  waitSeconds?: number;
}

declare const api: {
  submit(key: string, prompt: string): Promise<{ data: { id?: string } }>;
  check(id: string): Promise<{ data: JobStatus | null }>;
  result(id: string): Promise<{ data: { images?: string[] } }>;
  workers(): Promise<{ data: { paused: boolean }[] | null }>;
};

export default async function generateImage(key: string, prompt: string, reply: Reply) {
  return await api
    .submit(key, prompt)
    .then(({ data }): Promise<string[] | null> => {
      return new Promise<string[] | null>((resolve, reject) => {
        const poll = async () => {
          if (!data.id) {
            reject(new Error('no job id'));
            return;
          }

          const { data: status } = await api.check(data.id).catch(() => {
            reject(new Error('status check failed'));
            return { data: null };
          });

          if (!status) {
            reject(new Error('no status'));
            return;
          }

          if (status.done) {
            clearInterval(pollTimer);
            api
              .result(data.id)
              .then(({ data: done }) => resolve(done.images ?? []))
              .catch(() => reject(new Error('result lookup failed')));
            return;
          }

          const { data: workers } = await api.workers().catch(() => {
            reject(new Error('worker lookup failed'));
            return { data: null };
          });
          if (!workers) return;

          await reply.edit(`queue ${status.queuePosition ?? '?'}, ${workers.filter((w) => !w.paused).length} workers`);

          if (reply.startedAt + 10 * 60 * 1000 <= Date.now()) {
            clearInterval(pollTimer);
            reject(new Error('generation timed out'));
          }
        };
        const pollTimer = setInterval(poll, 10000);
      });
    })
    .catch(async (err: unknown) => {
      await reply.edit('Could not generate the image, try again later.');
      console.error(err);
      return null;
    });
}
