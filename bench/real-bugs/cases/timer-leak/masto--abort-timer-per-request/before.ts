// Case: neet/masto.js, fix commit f6b2f9ce9cd406bc9f90fad57c7d86fbbe2243c8 ("fix: Clear timeout when request
// completed", PR https://github.com/neet/masto.js/pull/771). Rewritten in our own code: each request gets an abort
// signal from a config object that arms a timer aborting it after the configured delay and drops the handle; when
// the response comes first the timer still runs for the full delay (five minutes by default) and holds the process.
const defaultTimeoutMs = 1000 * 300;

export interface ClientSettings {
  readonly baseUrl: string;
  readonly timeoutMs?: number;
}

export class ClientConfig {
  constructor(private readonly settings: ClientSettings) {}

  timeoutSignal(): AbortSignal {
    const controller = new AbortController();
    setTimeout(() => {
      controller.abort();
    }, this.settings.timeoutMs ?? defaultTimeoutMs);
    return controller.signal;
  }

  url(path: string): string {
    return new URL(path, this.settings.baseUrl).toString();
  }
}

export class Http {
  constructor(private readonly config: ClientConfig) {}

  async get<T>(path: string): Promise<T> {
    const response = await fetch(this.config.url(path), { signal: this.config.timeoutSignal() });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  }
}
