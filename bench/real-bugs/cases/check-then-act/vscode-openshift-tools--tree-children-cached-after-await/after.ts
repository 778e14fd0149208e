// Case: redhat-developer/vscode-openshift-tools, fix commit e190c868df149ea68336396f26347869fd69f23f ("Cache
// promises instead of object arrays for odo data requests (#1743)";
// https://github.com/redhat-developer/vscode-openshift-tools/pull/1743).
// The fixed code, rewritten in our own code: the cluster tree caches each node's children in a map, but only stores
// them after the CLI call that lists them has been awaited, so concurrent expansions of the same node all miss the
// cache and run the CLI again.
export interface TreeNode {
  name: string;
  kind: 'cluster' | 'project' | 'application';
}

class TreeCache {
  private readonly children = new Map<TreeNode, Promise<TreeNode[]>>();

  remember(parent: TreeNode, list: Promise<TreeNode[]>): Promise<TreeNode[]> {
    if (!this.children.has(parent)) {
      this.children.set(parent, list);
    }
    return list;
  }

  lookup(parent: TreeNode): Promise<TreeNode[]> | undefined {
    return this.children.get(parent);
  }
}

type RunCli = (args: string[]) => Promise<string[]>;

export class ClusterExplorer {
  private readonly cache = new TreeCache();

  constructor(private readonly run: RunCli) {}

  async projects(cluster: TreeNode): Promise<TreeNode[]> {
    let projects = this.cache.lookup(cluster);
    if (!projects) {
      projects = this.cache.remember(cluster, this.listProjects(cluster));
    }
    return projects;
  }

  async applications(project: TreeNode): Promise<TreeNode[]> {
    let applications = this.cache.lookup(project);
    if (!applications) {
      applications = this.cache.remember(project, this.listApplications(project));
    }
    return applications;
  }

  private async listProjects(cluster: TreeNode): Promise<TreeNode[]> {
    const names = await this.run(['project', 'list', '--cluster', cluster.name]);
    return names.map((name) => ({ name, kind: 'project' as const }));
  }

  private async listApplications(project: TreeNode): Promise<TreeNode[]> {
    const names = await this.run(['app', 'list', '--project', project.name]);
    return names.map((name) => ({ name, kind: 'application' as const }));
  }
}
