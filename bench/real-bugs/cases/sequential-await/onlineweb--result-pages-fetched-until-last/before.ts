// Case: dotkom/onlineweb-frontend, fix commit 16ec3e3d944031dfd61a1e0e937096d66b594db6 ("Implement parallel fetching
// of all pages", PR #159), file src/common/utils/api.ts.
// The code just before the fix, rewritten in our own code: reading every page of a REST list asks for page 1, 2, 3 …
// in a do…while loop until a page says there is no next one, each request awaited before the next starts; the page
// numbers do not depend on the answers, only the end does.
const API_ROOT = 'https://api.example.org';

export interface ListPage<T> {
  count: number;
  next: string | null;
  results: T[];
}

export interface ListParameters {
  page_size?: number;
  page?: number;
}

const toQuery = (parameters: object): string =>
  '?' +
  Object.entries(parameters)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');

export const get = async (path: string, parameters: object = {}, options: RequestInit = {}): Promise<any> => {
  const response = await fetch(new Request(API_ROOT + path + toQuery(parameters), options));
  return response.json();
};

export async function getEveryPage<T>(
  path: string,
  parameters: ListParameters = {},
  options: RequestInit = {},
): Promise<T[]> {
  let data: ListPage<T>;
  let results: T[] = [];
  let page = parameters.page || 1;
  do {
    data = await get(path, { ...parameters, page }, options);
    results = [...results, ...data.results];
    page += 1;
  } while (data.next);
  return results;
}
