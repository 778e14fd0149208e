// Case: outline/outline, fix commit f3d8129a130096b8d552c554cf0004816d711fdb ("fix: Await logout";
// https://github.com/outline/outline/commit/f3d8129a130096b8d552c554cf0004816d711fdb).
// The code just before the fix, rewritten in our own code: signing out fires the request that revokes the session
// token on the server and never awaits or catches it, and the 401 handler and the account-deletion form call the
// async sign-out without awaiting it either.
interface HttpClient {
  post(path: string, body?: unknown): Promise<unknown>;
}

export class SessionStore {
  token: string | null = null;
  userName: string | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly clearCookie: (name: string) => void,
  ) {}

  signOut = async (): Promise<void> => {
    if (!this.token) {
      return;
    }
    // revoke the token on the server
    this.http.post('/session.revoke');
    this.clearCookie('sessionToken');
    this.token = null;
    this.userName = null;
  };
}

export async function handleUnauthorized(store: SessionStore, status: number): Promise<boolean> {
  if (status === 401) {
    store.signOut();
    return true;
  }
  return false;
}

export async function deleteAccount(http: HttpClient, store: SessionStore, code: string): Promise<string | null> {
  try {
    await http.post('/account.delete', { code });
    store.signOut();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
