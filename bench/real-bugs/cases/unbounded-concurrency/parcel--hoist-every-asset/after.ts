// Case: parcel-bundler/parcel, fix commit 3d477d3fa0a37b89ff984dbf020b4b5cad110c70 ("Limit concurrency when reading
// assets in packagers", PR https://github.com/parcel-bundler/parcel/pull/3344: EMFILE on large apps). Rewritten in our
// own code: the walk hands each asset's processing to a queue that runs at most 32 at a time.
export interface Asset {
  readonly id: string;
  getCode(): Promise<string>;
}

export type BundleNode = { type: 'asset'; value: Asset } | { type: 'dependency'; value: { specifier: string } };

export interface Bundle {
  readonly id: string;
  traverse(visit: (node: BundleNode) => void): void;
  isEntry(): boolean;
}

interface Statement {
  readonly text: string;
}

/** Runs added tasks at most `maxConcurrent` at a time; `run` resolves with every result in the order added. */
class WorkQueue<T> {
  private readonly tasks: (() => Promise<T>)[] = [];

  constructor(private readonly options: { maxConcurrent: number }) {}

  add(task: () => Promise<T>): void {
    this.tasks.push(task);
  }

  async run(): Promise<T[]> {
    const results: T[] = new Array<T>(this.tasks.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < this.tasks.length) {
        const index = next++;
        results[index] = await (this.tasks[index] as () => Promise<T>)();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.maxConcurrent, this.tasks.length) }, worker));
    return results;
  }
}

function parseModule(code: string, assetId: string): Statement[] {
  return code.split('\n').map((line) => ({ text: `/* ${assetId} */ ${line}` }));
}

async function processAsset(bundle: Bundle, asset: Asset): Promise<[string, Statement[]]> {
  const code = await asset.getCode();
  const statements = parseModule(code, asset.id);
  if (bundle.isEntry()) statements.unshift({ text: `// entry ${bundle.id}` });
  return [asset.id, statements];
}

export async function concat(bundle: Bundle): Promise<Statement[]> {
  const queue = new WorkQueue<[string, Statement[]]>({ maxConcurrent: 32 });
  bundle.traverse((node) => {
    switch (node.type) {
      case 'dependency':
        break;
      case 'asset':
        queue.add(() => processAsset(bundle, node.value));
    }
  });

  const outputs = new Map(await queue.run());
  const result: Statement[] = [];
  bundle.traverse((node) => {
    if (node.type === 'asset') result.push(...(outputs.get(node.value.id) ?? []));
  });
  return result;
}
