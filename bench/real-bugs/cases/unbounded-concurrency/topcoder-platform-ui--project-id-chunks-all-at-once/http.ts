// Shared by before.ts and after.ts: the app's authenticated GET helper and URL builder (the original's
// ~/libs/core xhrGetAsync and buildUrl), and the project model.
export interface Project {
  readonly id: number;
  readonly name: string;
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'include' });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

export function withQuery(base: string, params: Record<string, unknown>): string {
  const query = Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(Array.isArray(value) ? value.join(',') : String(value))}`)
    .join('&');
  return query ? `${base}?${query}` : base;
}
