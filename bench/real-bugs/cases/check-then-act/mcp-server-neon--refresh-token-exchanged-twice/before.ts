// Case: neondatabase/mcp-server-neon, fix commit d9c6d6999c22f59a50f22201d090b8c9770d5851 ("fix: Race Condition on
// Token Refresh (#209)"; https://github.com/neondatabase/mcp-server-neon/pull/209), file landing/app/api/token/route.ts.
// The code just before the fix, rewritten in our own code: the token endpoint looks the presented refresh token up in
// the token store, awaits the upstream exchange, then saves the new tokens and deletes the old ones; two requests with
// the same refresh token both find it, both exchange it (the upstream rotates it, so one exchange fails and its
// handler deletes the tokens the other just issued), and both write.
interface StoredRefresh {
  refreshToken: string;
  accessToken: string;
}
interface StoredAccess {
  accessToken: string;
  clientId: string;
  userId: string;
}
interface UpstreamTokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
}

interface TokenStore {
  getRefreshToken(token: string): Promise<StoredRefresh | undefined>;
  getAccessToken(token: string): Promise<StoredAccess | undefined>;
  saveToken(token: StoredAccess & { refreshToken: string; expiresAt: number }): Promise<StoredAccess>;
  saveRefreshToken(token: StoredRefresh): Promise<void>;
  deleteToken(token: StoredAccess): Promise<void>;
  deleteRefreshToken(token: StoredRefresh): Promise<void>;
}

declare const store: TokenStore;
declare function exchangeUpstream(refreshToken: string): Promise<UpstreamTokens>;

export class GrantError extends Error {
  constructor(readonly status: number) {
    super(`token grant failed with ${status}`);
  }
}

export async function refreshGrant(presented: string, clientId: string): Promise<UpstreamTokens> {
  const refresh = await store.getRefreshToken(presented);
  if (!refresh) throw new GrantError(400);

  const previous = await store.getAccessToken(refresh.accessToken);
  if (!previous || previous.clientId !== clientId) throw new GrantError(400);

  let upstream: UpstreamTokens;
  try {
    upstream = await exchangeUpstream(refresh.refreshToken);
  } catch {
    await store.deleteToken(previous);
    await store.deleteRefreshToken(refresh);
    throw new GrantError(400);
  }

  const nextRefresh = upstream.refresh_token ?? refresh.refreshToken;
  const saved = await store.saveToken({
    accessToken: upstream.access_token,
    refreshToken: nextRefresh,
    expiresAt: Date.now() + upstream.expires_in * 1000,
    clientId,
    userId: previous.userId,
  });
  await store.saveRefreshToken({ refreshToken: nextRefresh, accessToken: saved.accessToken });

  await store.deleteToken(previous);
  await store.deleteRefreshToken(refresh);
  return upstream;
}
