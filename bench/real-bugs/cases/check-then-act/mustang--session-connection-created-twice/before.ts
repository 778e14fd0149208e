// Case: mustang-im/mustang, fix commit 4a7114a72a2456df2c28ba1176ad2d40e9b6c735 ("NTLM: NetSession: Fix race
// condition creating conn"; https://github.com/mustang-im/mustang/pull/1394).
// The code just before the fix, rewritten in our own code: an authenticated session opens its backend connection
// lazily with `??=` and an awaited factory, so two requests on a new session both find no connection and each open
// one.
interface Connection {
  send(request: { headers?: Record<string, string>; body: string }): Promise<{ status: number; body: string }>;
}

interface Backend {
  openConnection(url: string, partition: string, user: string, password: string): Promise<Connection>;
}

export interface Account {
  url: string;
  user: string;
  password: string;
  sessionId?: string;
}

export class AuthenticatedSession {
  protected connection: Connection | null = null;

  constructor(
    private readonly backend: Backend,
    private readonly account: Account,
  ) {}

  async request(body: string, headers?: Record<string, string>) {
    this.connection ??= await this.backend.openConnection(
      this.account.url,
      this.account.sessionId ?? 'setup',
      this.account.user,
      this.account.password,
    );
    return this.connection.send({ headers, body });
  }
}
