declare module '@octokit/rest' {
  export interface RepoInfo {
    id: number;
    full_name: string;
    clone_url: string;
    archived: boolean;
    fork: boolean;
  }
  export class Octokit {
    constructor(options?: { auth?: string; baseUrl?: string });
    repos: {
      get(args: { owner: string; repo: string; request?: { signal?: AbortSignal } }): Promise<{ data: RepoInfo }>;
      listForOrg(args: { org: string; per_page?: number; request?: { signal?: AbortSignal } }): Promise<{
        data: RepoInfo[];
      }>;
    };
  }
}
