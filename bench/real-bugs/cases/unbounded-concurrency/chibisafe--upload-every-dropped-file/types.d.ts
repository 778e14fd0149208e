// The few shapes of react-aria's drop events this case uses.
declare module 'drop-kit' {
  export interface FileDropItem {
    kind: 'file';
    name: string;
    getFile(): Promise<File>;
  }
  export interface DirectoryDropItem {
    kind: 'directory';
    name: string;
    getEntries(): AsyncIterable<FileDropItem | DirectoryDropItem>;
  }
  export type DropItem = FileDropItem | DirectoryDropItem;
  export interface DropEvent {
    items: DropItem[];
  }
}
