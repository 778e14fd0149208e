// Case: bytebase/bytebase, fix commit dbf1971c49d87d2b5adcfbd5519e6edcb810f7a2 ("pref: concurrent request improve fetch table speed", pull request
// #1660; the script of a Vue single-file component). Rewritten in our own code: building the SQL editor's connection
// tree fetches the table list of every visible database one request at a time; the requests are independent (each
// fills its own database node), so opening the editor waits for N round trips in turn.
import type { Database, Instance, NodeKind, Stores, Table, TreeNode } from './stores.js';

export async function buildConnectionTree(
  stores: Stores,
  visible: { instanceIds: Set<number>; databaseIds: Set<number> },
): Promise<void> {
  stores.editor.setContext({ isLoadingTree: true });
  let tree: TreeNode[] = [];

  const toNode =
    (kind: NodeKind, parentId: number) =>
    (item: Instance | Database | Table): TreeNode => ({
      parentId,
      id: item.id,
      key: `${kind}-${item.id}`,
      label: item.name,
      kind,
    });

  const instances = await stores.instances.fetchInstanceList();
  const visibleInstances = instances.filter((instance: Instance) => visible.instanceIds.has(instance.id));
  tree = visibleInstances.map(toNode('instance', 0));

  for (const instance of visibleInstances) {
    const databases = await stores.databases.fetchDatabaseList({ instanceId: instance.id, syncStatus: 'OK' });

    const instanceNode = tree.find((node: TreeNode) => node.id === instance.id)!;
    const visibleDatabases = databases.filter((database: Database) => visible.databaseIds.has(database.id));

    instanceNode.children = visibleDatabases.map(toNode('database', instance.id));

    await Promise.all(
      visibleDatabases.map(async (db) => {
        const tables = await stores.tables.fetchTableListByDatabaseId(db.id);

        const databaseNode = instanceNode.children!.find((node: TreeNode) => node.id === db.id)!;

        databaseNode.children = tables.map(toNode('table', db.id));

        return Promise.resolve(null);
      }),
    );
  }

  stores.editor.setTree(tree);
  stores.editor.setContext({ isLoadingTree: false });
  stores.editor.fetchQueryHistory();
}
