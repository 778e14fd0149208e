// Case: FlowCrypt/flowcrypt-browser, fix commit 75621567b2ef423461d5363776e556921ff4c86a ("#5697 Feat: added promise
// with limit logic", PR https://github.com/FlowCrypt/flowcrypt-browser/pull/5725: 429 errors from Gmail). Rewritten in
// our own code: the threads are rendered through a helper that starts at most 30 at a time, batch after batch.
interface ThreadRef {
  readonly id: string;
}

interface MailApi {
  listThreads(label: string): Promise<{ threads?: ThreadRef[] }>;
  getThread(id: string, format: 'metadata' | 'full'): Promise<{ id: string; subject?: string; unread: boolean }>;
}

interface Screen {
  readonly mail: MailApi;
  show(section: string, title: string): void;
  addRow(id: string): HTMLElement;
  showEmpty(label: string): void;
  showError(error: unknown): void;
}

/** Runs the tasks at most `limit` at a time: a batch, then the next. */
export const allWithLimit = async <T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> => {
  let results: T[] = [];
  while (tasks.length) {
    const running = tasks.splice(0, limit).map((task) => task());
    results = results.concat(await Promise.all(running));
  }
  return results;
};

export class ThreadListView {
  constructor(private readonly screen: Screen) {}

  private renderThread = async (threadId: string): Promise<void> => {
    const row = this.screen.addRow(threadId);
    try {
      const thread = await this.screen.mail.getThread(threadId, 'metadata');
      row.textContent = thread.subject ?? '(no subject)';
      if (thread.unread) row.classList.add('unread');
    } catch {
      row.textContent = 'Failed to load';
    }
  };

  public render = async (label: string): Promise<void> => {
    this.screen.show('inbox', `Messages in ${label}`);
    try {
      const { threads } = await this.screen.mail.listThreads(label);
      if (threads?.length) {
        await allWithLimit(
          30,
          threads.map((thread) => () => this.renderThread(thread.id)),
        );
      } else {
        this.screen.showEmpty(label);
      }
    } catch (error) {
      this.screen.showError(error);
    }
  };
}
