// A helper of the case in another module, as in the project (a file-system glob).
export declare function findTestEntries(options: {
  include: string[];
  exclude: string[];
  rootPath: string;
  projectRoot: string;
  filters: string[];
}): Promise<Record<string, string>>;

export declare function setupFilesOf(files: string[], root: string): Record<string, string>;
