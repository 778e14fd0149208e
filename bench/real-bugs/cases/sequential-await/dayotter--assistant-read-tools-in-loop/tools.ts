// Shared by before.ts and after.ts: the assistant's read tools, reduced to their signatures and a stub body (the
// original's agent.ts, tools/exec.ts, tools/registry.ts and the plugin host). Each is an independent read.
export interface ToolCall {
  readonly id: string;
  readonly name: string;
  readonly input: unknown;
}

export interface ToolResult {
  readonly id: string;
  readonly content: string;
}

export async function freeSlots(
  userId: string,
  input: { durationMinutes: number; fromISO: string; toISO: string },
  timezone: string,
): Promise<string> {
  const response = await fetch(`https://calendar.example.com/${userId}/free?tz=${timezone}`, {
    method: 'POST',
    body: JSON.stringify(input),
  });
  return response.text();
}

export function toolKind(name: string): 'read' | 'write' | undefined {
  return name.startsWith('get_') || name.startsWith('list_') ? 'read' : name.startsWith('set_') ? 'write' : undefined;
}

export async function runReadTool(userId: string, name: string, input: unknown): Promise<string> {
  const response = await fetch(`https://api.example.com/tools/${name}?user=${userId}`, {
    method: 'POST',
    body: JSON.stringify(input),
  });
  return response.text();
}

export async function runExtensionTool(name: string, userId: string, input: unknown): Promise<string> {
  const response = await fetch(`https://extensions.example.com/${name}?user=${userId}`, {
    method: 'POST',
    body: JSON.stringify(input),
  });
  return response.text();
}
