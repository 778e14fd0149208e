// Case: parcel-bundler/parcel, fix commit 3d477d3fa0a37b89ff984dbf020b4b5cad110c70 ("Limit concurrency when reading
// assets in packagers", PR https://github.com/parcel-bundler/parcel/pull/3344: EMFILE on large apps). Rewritten in our
// own code: scope hoisting collects the bundle's assets from a graph walk, then reads and parses every one of them at
// once through a helper that awaits the asset's code.
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
  const assets: Asset[] = [];
  bundle.traverse((node) => {
    switch (node.type) {
      case 'dependency':
        break;
      case 'asset':
        assets.push(node.value);
    }
  });

  const pending = assets.map((asset) => processAsset(bundle, asset));
  const outputs = new Map(await Promise.all(pending));
  const result: Statement[] = [];
  bundle.traverse((node) => {
    if (node.type === 'asset') result.push(...(outputs.get(node.value.id) ?? []));
  });
  return result;
}
