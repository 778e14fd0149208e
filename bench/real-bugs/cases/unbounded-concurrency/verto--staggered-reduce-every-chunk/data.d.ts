declare module '~/data/first-issue.json' {
  const data: { repositories: string[]; labels: string[] };
  export default data;
}
declare module '~/github' {
  export interface RepositoryModel {
    name: string;
    language: { id: string; display: string };
    issues: { title: string }[];
  }
  export function getRepositories(names: string[], labels: string[]): Promise<RepositoryModel[]>;
}
