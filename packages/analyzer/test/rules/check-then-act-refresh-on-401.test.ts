import { describe, it } from 'vitest';
import { ruleTester } from '../support/rule-tester.js';

// A handler given the answer of a request made with the stored credential (an HTTP client's error interceptor, a
// helper its caller hands the response to) that answers 401 by awaiting a refresh of its own and storing the result:
// every request that failed together refreshes once more, spending a single-use refresh token and overwriting each
// other's token. Shapes from public fixes (aimhubio/aim's `afterUnauthorized` helper, and the error interceptors of
// kenmei, axios-auth-refresh users and others that moved to one refresh shared while in flight), rewritten in our own
// code; the negatives are those fixes: a busy mark set before the first wait, the refresh in flight joined.
const tester = ruleTester('check-then-act', {
  prelude: `declare function refreshSession(): Promise<string>;
`,
});

describe('check-then-act: a refresh run by every request answered 401', () => {
  it('reports a helper handed the answer that stores its own refresh through a storage helper (aim)', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `const KEY = 'session-token';
function storeToken(token: string): void {
  localStorage.setItem(KEY, token);
}
async function afterUnauthorized<T>(response: Response, retry: () => Promise<T>): Promise<T> {
  if (response.status === 401) {
    const token = await refreshSession();
    if (token) {
      /*!*/storeToken(token);
      return retry();
    }
  }
  return (await response.json()) as T;
}
export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Authorization: localStorage.getItem(KEY) ?? '' } });
  return response.ok ? ((await response.json()) as T) : afterUnauthorized<T>(response, () => getJson<T>(path));
}`,
    });
  });
  it('reports an error interceptor that refreshes per failed request (CommonJS, untyped)', () => {
    tester.expectInvalid({
      fileName: 'src/http.js',
      prelude: '',
      messageId: 'lazyInit',
      code: `const api = require('./client');
async function postRefresh(refresh) {
  const answer = await fetch('/auth/refresh', { method: 'POST', body: refresh });
  return answer.json();
}
api.onError(async (error) => {
  const request = error.config;
  if (error.response && error.response.status === 401 && !request.retried) {
    request.retried = true;
    const { access } = await postRefresh(localStorage.getItem('refresh'));
    /*!*/localStorage.setItem('access', access);
    request.headers.Authorization = 'Bearer ' + access;
    return api.send(request);
  }
  throw error;
});`,
      files: { 'src/client.js': 'module.exports = { onError() {}, send() {} };\n' },
    });
  });
  it('reports the same written with .then and a guard that throws on any other answer', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `let accessToken = '';
export function onFailure(failure: { status: number; retry(): Promise<unknown> }): Promise<unknown> {
  if (failure.status !== 401) throw new Error('request failed');
  return refreshSession().then((fresh) => {
    /*!*/accessToken = fresh;
    return failure.retry();
  });
}`,
    });
  });
  it('reports a field of the client class set from the refresh of every 401', () => {
    tester.expectInvalid({
      messageId: 'lazyInit',
      code: `export class SessionClient {
  private token = '';
  constructor(private readonly renew: () => Promise<string>) {}
  async recover(answer: { statusCode: number }, again: () => Promise<void>): Promise<void> {
    const { statusCode } = answer;
    if (statusCode === 401) {
      /*!*/this.token = await this.renew();
      await again();
    }
  }
}`,
    });
  });
  it('leaves alone the fix: a busy mark checked and set before the first wait (module flag, queued callers)', () => {
    tester.expectValid(`let refreshing = false;
let waiting: Array<(token: string) => void> = [];
export async function onFailure(error: { response?: { status: number } }, retry: (token: string) => Promise<unknown>) {
  if (error.response?.status !== 401) throw error;
  if (refreshing) {
    return new Promise((resolve) => waiting.push((token) => resolve(retry(token))));
  }
  refreshing = true;
  try {
    const fresh = await refreshSession();
    localStorage.setItem('access', fresh);
    for (const wake of waiting) wake(fresh);
    waiting = [];
    return retry(fresh);
  } finally {
    refreshing = false;
  }
}`);
  });
  it('leaves alone the fix: a busy mark kept in storage, checked and set in one synchronous step (aim)', () => {
    tester.expectValid(`const KEY = 'session-token';
const BUSY = 'session-refreshing';
function storeToken(token: string): void {
  localStorage.setItem(KEY, token);
}
export async function afterUnauthorized<T>(response: Response, retry: () => Promise<T>): Promise<T> {
  if (response.status === 401) {
    if (localStorage.getItem(BUSY) !== 'true') {
      localStorage.setItem(BUSY, 'true');
      const token = await refreshSession();
      if (token) {
        storeToken(token);
        localStorage.setItem(BUSY, 'false');
        return retry();
      }
      localStorage.setItem(BUSY, 'false');
    }
  }
  return (await response.json()) as T;
}`);
  });
  it('leaves alone the fix: every 401 awaits the one refresh in flight (JavaScript)', () => {
    tester.expectValid({
      fileName: 'src/recover.js',
      prelude: '',
      code: `let pending = null;
let token = '';
async function refreshSession() { return 'fresh'; }
async function recover(error, retry) {
  if (error.status === 401) {
    pending ??= refreshSession().finally(() => { pending = null; });
    token = await pending;
    return retry(token);
  }
  throw error;
}
module.exports = { recover, current: () => token };`,
    });
  });
  it('leaves alone a 401 answered by clearing the credential, and one that only reads the answer', () => {
    tester.expectValid(`let token: string | null = 'x';
let lastError = '';
declare function signOut(): Promise<void>;
export async function onDenied(answer: Response): Promise<void> {
  if (answer.status === 401) {
    await signOut();
    token = null;
  }
}
export async function onRejected(answer: Response): Promise<void> {
  if (answer.status === 401) {
    const body = (await answer.json()) as { message: string };
    lastError = body.message;
  }
}`);
  });
  it('leaves alone a refresh after any other status', () => {
    tester.expectValid(`let token = '';
export async function onFailure(answer: { status: number }): Promise<void> {
  if (answer.status === 503) {
    token = await refreshSession();
  }
}`);
  });
});
