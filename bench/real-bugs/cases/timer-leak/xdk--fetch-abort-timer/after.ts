// Case: xdevplatform/xdk, fix commit 83c23c0ec93e58c560203f42ef42a440eb33522d ("fix(typescript): clear timeout handle
// after fetch", issue https://github.com/xdevplatform/xdk/issues/31, PR #32). Rewritten in our own code: the fix keeps
// the handle and clears it in `finally`, whether the request answered or failed.
export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | ArrayBuffer;
  timeoutMs?: number;
  signal?: AbortSignal;
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export class ApiTransport {
  constructor(private readonly send: FetchLike = fetch) {}

  async call(url: string, options: CallOptions = {}): Promise<Response> {
    let body = options.body;
    if (body instanceof ArrayBuffer) body = new TextDecoder().decode(body);

    let signal = options.signal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    if (options.timeoutMs !== undefined && options.timeoutMs > 0 && signal === undefined) {
      const controller = new AbortController();
      timer = setTimeout(() => controller.abort(), options.timeoutMs);
      signal = controller.signal;
    }

    try {
      const response = await this.send(url, {
        method: options.method ?? 'GET',
        headers: options.headers,
        body,
        signal,
      });
      return response;
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}
