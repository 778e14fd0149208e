declare module 'bundler-plugin' {
  export interface Dependency {
    readonly meta: { readonly media?: string };
  }
  export interface Asset {
    readonly filePath: string;
    getCode(): Promise<string>;
  }
  export interface Bundle {
    traverseAssets(visitor: { exit?: (asset: Asset) => void; enter?: (asset: Asset) => void }): void;
  }
  export interface BundleGraph {
    getIncomingDependencies(asset: Asset): Dependency[];
  }
  export class Packager {
    constructor(options: {
      package(input: { bundle: Bundle; bundleGraph: BundleGraph }): Promise<{ contents: string }>;
    });
  }
  export class WorkQueue<T> {
    constructor(options: { maxConcurrent: number });
    add(task: () => Promise<T>): void;
    run(): Promise<T[]>;
  }
}
