// Case: openfga/js-sdk, fix commit 025346ffe020fd31f3cdaf9f2d874bbcf01f3691 ("fix: prevent token refresh thundering
// herd (#333)"; https://github.com/openfga/js-sdk/pull/333).
// The code just before the fix, rewritten in our own code: the credentials object checks its cached access token and,
// when it is missing or expiring, calls a method that awaits the token exchange and stores the new token; every
// request that arrives before the store starts its own exchange.
interface TokenResponse {
  access_token: string;
  expires_in: number;
}

type PostForm = (url: string, form: Record<string, string>) => Promise<TokenResponse>;

export class ClientCredentials {
  private accessToken?: string;
  private expiresAt?: number;

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
    return this.exchange();
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
