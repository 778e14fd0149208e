// Case: mustang-im/mustang, fix commit 4a7114a72a2456df2c28ba1176ad2d40e9b6c735 ("NTLM: NetSession: Fix race
// condition creating conn"; https://github.com/mustang-im/mustang/pull/1394).
// The fixed code, rewritten in our own code: the session keeps the promise of its connection, created once in the
// constructor, and every request awaits that one promise.
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
  protected readonly connection: Promise<Connection>;

  constructor(backend: Backend, account: Account) {
    this.connection = backend.openConnection(
      account.url,
      account.sessionId ?? 'setup',
      account.user,
      account.password,
    );
  }

  async request(body: string, headers?: Record<string, string>) {
    const connection = await this.connection;
    return connection.send({ headers, body });
  }
}
