// The part of Electron's renderer API the case uses (the original imports it from 'electron').
declare module 'electron' {
  interface IpcRendererEvent {
    readonly senderId: number;
  }
  export const ipcRenderer: {
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): typeof ipcRenderer;
    removeListener(channel: string, listener: (...args: unknown[]) => void): typeof ipcRenderer;
  };
  export const remote: {
    getCurrentWindow(): { reload(): void };
  };
  export const shell: {
    openPath(path: string): Promise<string>;
  };
}
