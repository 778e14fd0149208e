// Case: aimhubio/aim, fix commit 3cdc97eee064c19788fd7cb0b299dfc69fbecf86 ("[fix] Resolve issue with multiple token
// refreshes (#3130)"; https://github.com/aimhubio/aim/pull/3130), file aim/web/ui/src/services/api/api.ts.
// The fixed code, rewritten in our own code: the first request answered 401 marks a refresh as running before it
// awaits anything (a synchronous read and write of one storage key), so the other failed requests do not start
// their own refresh.
const TOKEN_KEY = 'session-token';
const REFRESHING_KEY = 'session-refreshing';

export interface IssuedToken {
  kind: string;
  access: string;
}

function readToken(): string {
  return localStorage.getItem(TOKEN_KEY) ?? '';
}

function storeToken(token: IssuedToken): void {
  localStorage.setItem(TOKEN_KEY, `${token.kind} ${token.access}`);
}

async function exchangeRefreshToken(): Promise<IssuedToken | undefined> {
  const response = await fetch('/api/session/refresh', { method: 'POST', credentials: 'same-origin' });
  return response.ok ? ((await response.json()) as IssuedToken) : undefined;
}

async function afterUnauthorized<T>(response: Response, retry: () => Promise<T>): Promise<T> {
  if (response.status === 401) {
    if (localStorage.getItem(REFRESHING_KEY) !== 'true') {
      localStorage.setItem(REFRESHING_KEY, 'true');
      const token = await exchangeRefreshToken();
      if (token) {
        storeToken(token);
        localStorage.setItem(REFRESHING_KEY, 'false');
        return retry();
      }
      localStorage.setItem(REFRESHING_KEY, 'false');
    }
  }
  return (await response.json()) as T;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { Authorization: readToken() } });
  if (response.status >= 400) {
    return afterUnauthorized<T>(response, () => getJson<T>(path));
  }
  return (await response.json()) as T;
}
