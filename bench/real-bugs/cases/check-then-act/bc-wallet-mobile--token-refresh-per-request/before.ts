// Case: bcgov/bc-wallet-mobile, fix commit 5fc2f084c8551a6277a07793484843ba956626fd ("fix: invalid access token fix
// (#2813)"; https://github.com/bcgov/bc-wallet-mobile/pull/2813).
// The code just before the fix, rewritten in our own code: an API client's request interceptor checks the tokens it
// holds in a field and, when they need renewing, awaits a refresh and stores the answer in the same field. Requests
// sent together each see the old tokens and each spend the single-use refresh token, so all but one fail.
import axios, { type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';

interface TokenSet {
  access_token: string;
  refresh_token: string;
  expires_at: number;
}

function expired(token: TokenSet | undefined): boolean {
  return !token || Date.now() >= token.expires_at;
}

export class WalletApi {
  readonly http: AxiosInstance;
  tokens?: TokenSet;

  constructor(readonly baseURL: string) {
    this.http = axios.create({ baseURL });
    this.http.interceptors.request.use((config) => this.authorize(config));
  }

  private async authorize(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
    if (config.url === '/token') {
      return config;
    }
    if (!this.tokens || expired(this.tokens)) {
      this.tokens = await this.renew();
    }
    config.headers.set('Authorization', `Bearer ${this.tokens.access_token}`);
    return config;
  }

  private async renew(): Promise<TokenSet> {
    if (!this.tokens) {
      throw new Error('client has no tokens yet');
    }
    return this.refreshWith(this.tokens.refresh_token);
  }

  async refreshWith(refreshToken: string): Promise<TokenSet> {
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
    const reply = await this.http.post<TokenSet>('/token', body);
    this.tokens = reply.data;
    return this.tokens;
  }
}
