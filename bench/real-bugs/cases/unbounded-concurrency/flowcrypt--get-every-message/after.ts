// Case: FlowCrypt/flowcrypt-browser, fix commit 75621567b2ef423461d5363776e556921ff4c86a ("#5697 Feat: added promise
// with limit logic", PR https://github.com/FlowCrypt/flowcrypt-browser/pull/5725: 429 errors from Gmail). Rewritten in
// our own code: the requests go through a helper that runs at most 30 at a time.
export type MessageFormat = 'full' | 'raw' | 'metadata';

export interface MailMessage {
  readonly id: string;
  readonly threadId: string;
  readonly raw?: string;
}

/** Runs the tasks at most `limit` at a time: a batch, then the next. */
const allWithLimit = async <T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> => {
  let results: T[] = [];
  while (tasks.length) {
    const running = tasks.splice(0, limit).map((task) => task());
    results = results.concat(await Promise.all(running));
  }
  return results;
};

export class MailClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => Promise<string>,
  ) {}

  private call = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${this.baseUrl}/${path}`, {
      headers: { authorization: `Bearer ${await this.token()}` },
    });
    if (!response.ok) throw new Error(`mail API answered ${response.status} for ${path}`);
    return (await response.json()) as T;
  };

  public messageGet = async (id: string, format: MessageFormat): Promise<MailMessage> => {
    return await this.call<MailMessage>(`messages/${id}?format=${format}`);
  };

  public messagesGet = async (ids: string[], format: MessageFormat): Promise<MailMessage[]> => {
    return await allWithLimit(
      30,
      ids.map((id) => () => this.messageGet(id, format)),
    );
  };
}
