// The model client of the case (a repository class in the original project).
export interface ChatMessage {
  role: 'user' | 'system' | 'assistant';
  content: string;
}

export class CompletionClient {
  constructor(private readonly apiKey: string) {}

  async complete(messages: ChatMessage[]): Promise<string> {
    const response = await fetch('https://api.example.com/v1/chat', {
      method: 'POST',
      headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messages }),
    });
    if (!response.ok) {
      throw new Error(`completion failed: ${response.status}`);
    }
    return ((await response.json()) as { text: string }).text;
  }
}

export function extractCodeBlock(text: string): string {
  const match = /```(?:\w+)?\n([\s\S]*?)```/.exec(text);
  return match?.[1] ?? text;
}
