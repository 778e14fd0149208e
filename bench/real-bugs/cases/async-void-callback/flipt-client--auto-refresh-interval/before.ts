// Case: flipt-io/flipt-client-sdks, fix commit 5840743ba83c5a9852c11e5cfa6d5a9235ba97e5 ("unhandled rejection in auto
// refresh", PR https://github.com/flipt-io/flipt-client-sdks/pull/1711, first proposed in #1688). Rewritten in our own
// code: a feature-flag client refreshes its snapshot from an async setInterval callback; with the "fail" error
// strategy refresh() re-throws network errors, the callback's promise rejects with nobody to catch it, and Node
// exits on the unhandled rejection.
export type FailureMode = 'fail' | 'fallback';

export interface Snapshot {
  readonly flags: Record<string, boolean>;
}

export type Fetcher = (etag?: string) => Promise<Response>;

export class FlagClient {
  private timer: ReturnType<typeof setInterval> | undefined;
  private etag: string | undefined;
  private snapshot: Snapshot = { flags: {} };

  constructor(
    private readonly fetcher: Fetcher,
    private readonly failureMode: FailureMode,
  ) {}

  startPolling(everyMs = 120_000): void {
    this.stopPolling();
    this.timer = setInterval(async () => {
      await this.refresh();
    }, everyMs);
  }

  stopPolling(): void {
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  isEnabled(flag: string): boolean {
    return this.snapshot.flags[flag] === true;
  }

  async refresh(): Promise<boolean> {
    try {
      const response = await this.fetcher(this.etag);
      const etag = response.headers.get('etag') ?? undefined;
      if (this.etag && this.etag === etag) return false;
      this.etag = etag;
      this.snapshot = (await response.json()) as Snapshot;
      return true;
    } catch (error) {
      if (this.failureMode === 'fail') throw error;
      return false;
    }
  }
}
