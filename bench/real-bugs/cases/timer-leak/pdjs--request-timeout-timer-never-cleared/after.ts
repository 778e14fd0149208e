// Case: PagerDuty/pdjs, fix commit 96379165f31baaf76d7c3a687e4a478493590b1c ("Fix #205, #202, and upgrade all
// packages", issue #202). Rewritten in our own code: every API request arms a timer that aborts it after the request
// timeout (30 s by default) and never clears it when the response arrives, so a script that sends one event and is
// done stays alive until the timer fires.
const CLIENT_VERSION = '1.4.0';

type SearchParams = Record<string, string | string[]>;

export interface CallOptions extends RequestInit {
  searchParams?: SearchParams;
  callTimeout?: number;
  callTimer?: ReturnType<typeof setTimeout>;
  backoffMs?: number;
}

export function call(url: string | URL, options: CallOptions = {}): Promise<Response> {
  let { searchParams, callTimeout = 30000, ...extras } = options;

  url = new URL(url.toString());
  url = withSearchParams(url, searchParams);
  extras = withTimeout(extras, callTimeout);

  return fetchWithRetry(url.toString(), 3, {
    ...extras,
    headers: new Headers({
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': `alerts-client/${CLIENT_VERSION} (${process.version})`,
      ...Object.fromEntries(new Headers(extras.headers).entries()),
    }),
  });
}

function fetchWithRetry(url: string, retries: number, options: CallOptions): Promise<Response> {
  return new Promise((resolve, reject) => {
    fetch(url, options)
      .then((response) => {
        if (retries === 0) return resolve(response);
        if (response.status === 429) {
          const { backoffMs = 20000 } = options;
          pause(backoffMs).then(() => {
            fetchWithRetry(url, retries - 1, options).then(resolve).catch(reject);
          });
        } else {
          clearTimeout(options.callTimer);
          resolve(response);
        }
      })
      .catch(reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function withSearchParams(url: URL, searchParams?: SearchParams): URL {
  if (!searchParams) return url;
  for (const [key, value] of Object.entries(searchParams)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
  }
  return url;
}

function withTimeout(init: CallOptions, timeout?: number): CallOptions {
  if (!timeout) return init;
  const timer = setTimeout(() => {}, timeout);
  return {
    ...init,
    callTimer: timer,
  };
}
