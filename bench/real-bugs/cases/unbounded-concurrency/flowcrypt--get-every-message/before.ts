// Case: FlowCrypt/flowcrypt-browser, fix commit 75621567b2ef423461d5363776e556921ff4c86a ("#5697 Feat: added promise
// with limit logic", PR https://github.com/FlowCrypt/flowcrypt-browser/pull/5725: 429 errors from Gmail). Rewritten in
// our own code: the mail client gets a list of messages by id, one request per id, every request at once.
export type MessageFormat = 'full' | 'raw' | 'metadata';

export interface MailMessage {
  readonly id: string;
  readonly threadId: string;
  readonly raw?: string;
}

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
    return await Promise.all(ids.map((id) => this.messageGet(id, format)));
  };
}
