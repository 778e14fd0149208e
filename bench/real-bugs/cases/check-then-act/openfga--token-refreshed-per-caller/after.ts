// Case: openfga/js-sdk, fix commit 025346ffe020fd31f3cdaf9f2d874bbcf01f3691 ("fix: prevent token refresh thundering
// herd (#333)"; https://github.com/openfga/js-sdk/pull/333).
// The fixed code, rewritten in our own code: the exchange in flight is stored before anything is awaited, so requests
// that find the token missing meanwhile await the same exchange; the promise is dropped when it settles.
interface TokenResponse {
  access_token: string;
  expires_in: number;
}

type PostForm = (url: string, form: Record<string, string>) => Promise<TokenResponse>;

export class ClientCredentials {
  private accessToken?: string;
  private expiresAt?: number;
  private exchanging?: Promise<string>;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly post: PostForm,
  ) {}

  async authorizationHeader(): Promise<string> {
    const token = await this.currentToken();
    return `Bearer ${token}`;
  }

  private async currentToken(): Promise<string> {
    const fresh = this.expiresAt === undefined || this.expiresAt - Date.now() > 60_000;
    if (this.accessToken && fresh) {
      return this.accessToken;
    }
    if (!this.exchanging) {
      this.exchanging = this.exchange().finally(() => {
        this.exchanging = undefined;
      });
    }
    return this.exchanging;
  }

  private async exchange(): Promise<string> {
    const response = await this.post(this.tokenUrl, {
      grant_type: 'client_credentials',
      client_id: this.clientId,
      client_secret: this.clientSecret,
    });
    this.accessToken = response.access_token;
    this.expiresAt = Date.now() + response.expires_in * 1000;
    return this.accessToken;
  }
}
