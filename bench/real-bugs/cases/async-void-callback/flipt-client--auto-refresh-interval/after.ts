// Case: flipt-io/flipt-client-sdks, fix commit 5840743ba83c5a9852c11e5cfa6d5a9235ba97e5 ("unhandled rejection in auto
// refresh", PR https://github.com/flipt-io/flipt-client-sdks/pull/1711, first proposed in #1688). Fixed: the interval
// callback catches the error; the last good snapshot stays in use until a refresh succeeds.
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
      try {
        await this.refresh();
      } catch {
        // The last good snapshot stays valid until the next refresh succeeds.
      }
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
