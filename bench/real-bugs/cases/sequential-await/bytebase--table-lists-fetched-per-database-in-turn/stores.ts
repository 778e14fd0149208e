// Stores of the case (Pinia stores in the original project), reduced to the calls the editor context makes.
export interface Instance {
  id: number;
  name: string;
}
export interface Database {
  id: number;
  name: string;
  instanceId: number;
}
export interface Table {
  id: number;
  name: string;
}

export type NodeKind = 'instance' | 'database' | 'table';

export interface TreeNode {
  parentId: number;
  id: number;
  key: string;
  label: string;
  kind: NodeKind;
  children?: TreeNode[];
}

export interface Stores {
  instances: { fetchInstanceList(): Promise<Instance[]> };
  databases: { fetchDatabaseList(filter: { instanceId: number; syncStatus: 'OK' }): Promise<Database[]> };
  tables: { fetchTableListByDatabaseId(databaseId: number): Promise<Table[]> };
  editor: {
    setContext(context: { isLoadingTree: boolean }): void;
    setTree(tree: TreeNode[]): void;
    fetchQueryHistory(): Promise<void>;
  };
}
