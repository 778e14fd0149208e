// Case: firebase/firebase-tools, fix commit c6622cad8222a099700e288358bc12b8619bdbe8 ("Fixing an issue where old
// access_tokens would be used intead of requesting new ones (#7433)";
// https://github.com/firebase/firebase-tools/pull/7433).
// The code just before the fix, rewritten in our own code: before running a command the CLI selects the active
// account with an async call that refreshes its access token, without awaiting it, so the command's first requests
// go out with the old, expired token.
interface Account {
  email: string;
  refreshToken: string;
}

interface CommandOptions {
  account?: string;
  projectRoot: string;
  project?: string;
  accessToken?: string;
}

declare function selectAccount(account: string | undefined, projectRoot: string): Account | undefined;
declare function refreshAccessToken(account: Account): Promise<string>;

async function setActiveAccount(options: CommandOptions, account: Account): Promise<void> {
  options.accessToken = await refreshAccessToken(account);
}

export class Command {
  constructor(private readonly resolveProject: (options: CommandOptions) => Promise<void>) {}

  async prepare(options: CommandOptions): Promise<void> {
    const activeAccount = selectAccount(options.account, options.projectRoot);
    if (activeAccount) {
      setActiveAccount(options, activeAccount);
    }
    if (options.project) {
      await this.resolveProject(options);
    }
  }
}
