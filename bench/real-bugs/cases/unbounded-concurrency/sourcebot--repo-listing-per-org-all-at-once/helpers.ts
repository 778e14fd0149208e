// Shared by before.ts and after.ts: the GitHub client shape the sync uses (the original's Octokit) and the project's
// helpers from connectionUtils.ts and utils.ts.
export interface Repository {
  readonly full_name: string;
  readonly private: boolean;
}

export interface GitHubClient {
  listOrgRepos(org: string, options: { perPage: number; signal: AbortSignal }): Promise<Repository[]>;
  getRepo(owner: string, repo: string, options: { signal: AbortSignal }): Promise<Repository>;
}

export type Outcome<T> = { type: 'valid'; data: T[] } | { type: 'warning'; warning: string };

export async function measure<T>(work: () => Promise<T>): Promise<{ durationMs: number; data: T }> {
  const started = Date.now();
  const data = await work();
  return { durationMs: Date.now() - started, data };
}

export async function withRetry<T>(work: () => Promise<T>, label: string, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      console.warn(`${label}: attempt ${attempt} failed, retrying`);
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

export function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: number }).status === 404;
}

export function throwIfAnyFailed<T>(results: PromiseSettledResult<Outcome<T>>[]): void {
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

export function collect<T>(results: PromiseSettledResult<Outcome<T>>[]): { items: T[]; warnings: string[] } {
  const items: T[] = [];
  const warnings: string[] = [];
  for (const result of results) {
    if (result.status !== 'fulfilled') continue;
    if (result.value.type === 'valid') items.push(...result.value.data);
    else warnings.push(result.value.warning);
  }
  return { items, warnings };
}
