// The JSON helper the fix adds (a module of its own in the original project).
export async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url);
  return (await response.json()) as unknown;
}
