// The generated API client of the case (an OpenAPI client module in the original project), reduced to the two calls
// the page loader makes.
export interface Representative {
  id: number;
  first_name: string;
  last_name: string;
  country: string;
}

export interface BallotsPage {
  results: Array<{ id: number; title: string; position: 'FOR' | 'AGAINST' | 'ABSTENTION' }>;
  page: number;
  has_next: boolean;
}

interface ApiResult<T> {
  data: T;
  response: Response;
}

const API = process.env['API_URL'] ?? 'http://localhost:5000/api';

async function get<T>(path: string, query: Record<string, unknown> = {}): Promise<ApiResult<T>> {
  const url = new URL(API + path);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  const response = await fetch(url);
  return { data: (await response.json()) as T, response };
}

export function getRepresentative(options: { path: { id: string } }): Promise<ApiResult<Representative>> {
  return get(`/representatives/${options.path.id}`);
}

export function getRepresentativeBallots(options: {
  path: { id: string };
  query: Record<string, unknown>;
}): Promise<ApiResult<BallotsPage>> {
  return get(`/representatives/${options.path.id}/ballots`, options.query);
}
