// Case: bcgov/bc-wallet-mobile, fix commit 5fc2f084c8551a6277a07793484843ba956626fd ("fix: invalid access token fix
// (#2813)"; https://github.com/bcgov/bc-wallet-mobile/pull/2813).
// The fixed code, rewritten in our own code: the refresh in flight is kept as a promise, and a request that finds one
// waits for it instead of spending the refresh token again.
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
  private renewal: Promise<TokenSet> | null = null;

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
    if (this.renewal) {
      return this.renewal;
    }
    try {
      const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken });
      this.renewal = this.http.post<TokenSet>('/token', body).then((reply) => reply.data);
      this.tokens = await this.renewal;
    } finally {
      this.renewal = null;
    }
    return this.tokens;
  }
}
