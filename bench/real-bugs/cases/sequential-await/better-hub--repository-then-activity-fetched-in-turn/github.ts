// Helpers of the case in another module, as in the project (GitHub API reads with a cache).
export interface RepoSummary {
  readonly fullName: string;
  readonly private: boolean;
}
export interface RepoEvent {
  readonly type: string;
  readonly createdAt: string;
}
export declare function fetchRepo(owner: string, name: string): Promise<RepoSummary | null>;
export declare function fetchRepoEvents(owner: string, name: string, count: number): Promise<RepoEvent[]>;
export declare function fetchWeeklyCommits(owner: string, name: string): Promise<number[]>;
