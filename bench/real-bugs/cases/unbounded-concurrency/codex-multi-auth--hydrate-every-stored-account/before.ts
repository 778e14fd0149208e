// Case: ndycode/oc-codex-multi-auth, fix commit 8ddf17c3581691e490dda24ae29680c52eb6583d ("fix(auth): batch account
// hydration to prevent auth0 429 rate limits", PR https://github.com/ndycode/oc-codex-multi-auth/pull/29). Rewritten in
// our own code: at start-up the plugin refreshes the token of every stored account that has no e-mail yet, all at
// once; with more than about ten accounts the identity provider answers 429 and the accounts stay unhydrated.
import { refreshOnce } from './refresh-queue.js';
import { loadAccountFile, saveAccountFile, type AccountFile } from './storage.js';

function emailOf(idToken: string | undefined): string | undefined {
  if (idToken === undefined) return undefined;
  const payload = idToken.split('.')[1];
  if (payload === undefined) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { email?: unknown };
  return typeof claims.email === 'string' ? claims.email : undefined;
}

export async function startAccountsPlugin(log: (message: string) => void) {
  const fillMissingEmails = async (file: AccountFile | null): Promise<AccountFile | null> => {
    if (!file) return file;
    if (process.env.SKIP_EMAIL_FILL === '1') return file;
    const accounts = file.accounts.map((account) => ({ ...account }));
    const missing = accounts.filter((account) => !account.email);
    if (missing.length === 0) return file;

    let changed = false;
    await Promise.all(
      missing.map(async (account) => {
        try {
          const refreshed = await refreshOnce(account.refreshToken);
          if (refreshed.type !== 'success') return;
          const email = emailOf(refreshed.idToken);
          if (email && email !== account.email) {
            account.email = email;
            changed = true;
          }
          if (refreshed.access !== account.accessToken) {
            account.accessToken = refreshed.access;
            account.expiresAt = refreshed.expires;
            account.refreshToken = refreshed.refresh;
            changed = true;
          }
        } catch {
          log('could not fill in the e-mail of an account');
        }
      }),
    );

    if (changed) {
      file.accounts = accounts;
      await saveAccountFile(file);
    }
    return file;
  };

  const accounts = await fillMissingEmails(await loadAccountFile());
  return { accounts: accounts?.accounts ?? [] };
}
