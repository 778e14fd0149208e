declare module 'vscode' {
  /** The editor API's promise-like type. */
  export interface Thenable<T> {
    then<R1 = T, R2 = never>(
      onfulfilled?: ((value: T) => R1 | Thenable<R1>) | null,
      onrejected?: ((reason: unknown) => R2 | Thenable<R2>) | null,
    ): Thenable<R1 | R2>;
  }
  export enum ProgressLocation {
    SourceControl = 1,
    Window = 10,
    Notification = 15,
  }
  export interface Progress<T> {
    report(value: T): void;
  }
  export interface Position {
    readonly line: number;
    readonly character: number;
  }
  export interface TextEditorEdit {
    insert(location: Position, value: string): void;
  }
  export interface TextEditor {
    readonly selection: { readonly active: Position };
    edit(callback: (editBuilder: TextEditorEdit) => void): Thenable<boolean>;
  }
  export namespace window {
    const activeTextEditor: TextEditor | undefined;
    function showInputBox(options?: { prompt?: string }): Thenable<string | undefined>;
    function showInformationMessage(message: string): Thenable<string | undefined>;
    function showErrorMessage(message: string): Thenable<string | undefined>;
    function withProgress<R>(
      options: { location: ProgressLocation; title?: string; cancellable?: boolean },
      task: (progress: Progress<{ message?: string; increment?: number }>) => Thenable<R>,
    ): Thenable<R>;
  }
}
