declare module '@changesets/npm-utils' {
  export interface PackageJson {
    name: string;
    version: string;
    private?: boolean;
    publishConfig?: { access?: 'public' | 'restricted'; directory?: string };
  }
  export interface WorkspacePackage {
    dir: string;
    packageJson: PackageJson;
  }
  export function publishedVersions(names: readonly string[]): Promise<Map<string, string[]>>;
  export function publish(
    name: string,
    options: { cwd: string; access: string; tag: string },
  ): Promise<{ published: boolean }>;
}
