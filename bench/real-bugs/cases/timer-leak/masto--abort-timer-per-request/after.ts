// Case: neet/masto.js, fix commit f6b2f9ce9cd406bc9f90fad57c7d86fbbe2243c8 ("fix: Clear timeout when request
// completed", PR https://github.com/neet/masto.js/pull/771). Rewritten in our own code: the fix keeps the timer in a
// small Timeout object handed back with the signal, and the request clears it once the response has arrived.
const defaultTimeoutMs = 1000 * 300;

export interface ClientSettings {
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}

export class Timeout {
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;

  constructor(ms: number) {
    this.timer = setTimeout(() => {
      this.controller.abort();
    }, ms);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

export class ClientConfig {
  constructor(private readonly settings: ClientSettings) {}

  timeout(): Timeout {
    return new Timeout(this.settings.timeoutMs ?? defaultTimeoutMs);
  }

  url(path: string): string {
    return new URL(path, this.settings.baseUrl).toString();
  }
}

export class Http {
  constructor(private readonly config: ClientConfig) {}

  async get<T>(path: string): Promise<T> {
    const timeout = this.config.timeout();
    try {
      const response = await fetch(this.config.url(path), { signal: timeout.signal });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return (await response.json()) as T;
    } finally {
      timeout.clear();
    }
  }
}
