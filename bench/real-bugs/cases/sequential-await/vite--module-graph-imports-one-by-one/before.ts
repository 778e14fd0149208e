// Case: vitejs/vite, fix commit 4823fec1dc191c1b87a3ead6f5a2c72d5878810f ("perf(moduleGraph): resolve dep urls in
// parallel (#12619)"; https://github.com/vitejs/vite/pull/12619).
// The code just before the fix, rewritten in our own code: updating a module's imports resolves each imported URL to
// a graph node one after the other, and then each accepted dependency the same way, though every resolution is
// independent.
export interface GraphNode {
  url: string;
  importers: Set<GraphNode>;
  imports: Set<GraphNode>;
  acceptedDeps: Set<GraphNode>;
}

export class DependencyGraph {
  private readonly nodes = new Map<string, GraphNode>();

  constructor(private readonly resolveUrl: (url: string) => Promise<string>) {}

  async nodeFor(rawUrl: string): Promise<GraphNode> {
    const url = await this.resolveUrl(rawUrl);
    let node = this.nodes.get(url);
    if (!node) {
      node = { url, importers: new Set(), imports: new Set(), acceptedDeps: new Set() };
      this.nodes.set(url, node);
    }
    return node;
  }

  async updateImports(
    node: GraphNode,
    imported: Set<string | GraphNode>,
    accepted: Set<string | GraphNode>,
  ): Promise<Set<GraphNode>> {
    const previous = node.imports;
    const next = (node.imports = new Set<GraphNode>());
    for (const item of imported) {
      const dep = typeof item === 'string' ? await this.nodeFor(item) : item;
      dep.importers.add(node);
      next.add(dep);
    }

    const orphans = new Set<GraphNode>();
    for (const dep of previous) {
      if (!next.has(dep)) {
        dep.importers.delete(node);
        if (dep.importers.size === 0) orphans.add(dep);
      }
    }

    const deps = (node.acceptedDeps = new Set<GraphNode>());
    for (const item of accepted) {
      const dep = typeof item === 'string' ? await this.nodeFor(item) : item;
      deps.add(dep);
    }
    return orphans;
  }
}
