// Our own stand-in for the project's lib/refresh-queue.ts: one token refresh per refresh token at a time (concurrent
// callers for the same token share the request), against the identity provider's token endpoint.
export type RefreshResult =
  | { type: 'success'; access: string; refresh: string; expires: number; idToken?: string }
  | { type: 'failed'; reason: string };

const inFlight = new Map<string, Promise<RefreshResult>>();

async function requestRefresh(refreshToken: string): Promise<RefreshResult> {
  const response = await fetch('https://auth.example.test/oauth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  if (!response.ok) return { type: 'failed', reason: `status ${response.status}` };
  const body = (await response.json()) as {
    access_token: string;
    refresh_token: string;
    expires_in: number;
    id_token?: string;
  };
  return {
    type: 'success',
    access: body.access_token,
    refresh: body.refresh_token,
    expires: Date.now() + body.expires_in * 1000,
    ...(body.id_token === undefined ? {} : { idToken: body.id_token }),
  };
}

export function refreshOnce(refreshToken: string): Promise<RefreshResult> {
  const pending = inFlight.get(refreshToken);
  if (pending !== undefined) return pending;
  const started = requestRefresh(refreshToken).finally(() => inFlight.delete(refreshToken));
  inFlight.set(refreshToken, started);
  return started;
}
