// Case: outline/outline, fix commit c964163cc5ad10c3b6062b73f2fd21d5bd420b70 ("fix: Handle GitLab can be configured
// for tokens to not expire. (#4051)"; https://github.com/outline/outline/pull/4051).
// The code just before the fix, rewritten in our own code: after refreshing an OAuth access token the model saves
// the new tokens without awaiting the save, then reports success.
interface TokenResponse {
  accessToken: string;
  refreshToken?: string;
  expiresAt: Date;
}

interface OAuthProvider {
  refresh(refreshToken: string): Promise<TokenResponse>;
}

interface SaveOptions {
  transaction?: unknown;
}

export abstract class LinkedAccount {
  accessToken = '';
  refreshToken: string | null = null;
  expiresAt = new Date(0);

  abstract save(options: SaveOptions): Promise<this>;

  async refreshIfExpiring(provider: OAuthProvider, options: SaveOptions): Promise<boolean> {
    const soon = Date.now() + 5 * 60 * 1000;
    if (this.expiresAt.getTime() > soon || !this.refreshToken) {
      return false;
    }

    const response = await provider.refresh(this.refreshToken);
    if (response.refreshToken) {
      this.refreshToken = response.refreshToken;
    }
    this.accessToken = response.accessToken;
    this.expiresAt = response.expiresAt;
    this.save(options);

    console.info('refreshed the access token');
    return true;
  }
}
