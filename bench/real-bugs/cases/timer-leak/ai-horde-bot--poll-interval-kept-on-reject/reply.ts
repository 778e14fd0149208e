// The slice of a chat interaction's reply this case uses.
export interface Reply {
  readonly startedAt: number;
  edit(text: string): Promise<void>;
}
