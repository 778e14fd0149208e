// Case: topcoder-platform/platform-ui, fix commit 2383f9840e465f65e54720f426646eebf2bff205 ("PM-1518 Fix 429 too many
// requests error", PR https://github.com/topcoder-platform/platform-ui/pull/1170). Rewritten in our own code: a data
// hook asked for projects by id splits the ids into pages of 20 and requests every page at once; a long id list (every
// project of the copilot requests on screen) gets 429 Too Many Requests from the API.
import useSWR, { type SWRResponse } from 'swr';
import { xhrGetAsync } from '~/lib/xhr';
import { buildUrl, chunk } from '~/lib/url';

export interface Project {
  id: string;
  name: string;
  status: string;
}

const projectsUrl = 'https://api.example.test/v5/projects';

export function useProjects(
  search?: string,
  options?: { paused?: boolean; filter?: { id?: string[]; status?: string } },
): SWRResponse<Project[]> {
  const params = { name: search, ...options?.filter };
  const url = buildUrl(projectsUrl, params);

  const fetcher = (): Promise<Project[]> => {
    if (options?.filter?.id && Array.isArray(options.filter.id)) {
      const pages = chunk(options.filter.id, 20);
      return Promise.all(
        pages.map((ids) => xhrGetAsync<Project[]>(buildUrl(projectsUrl, { ...params, id: ids }))),
      ).then((responses) => responses.flat());
    }
    return xhrGetAsync<Project[]>(url);
  };

  return useSWR(options?.paused ? '' : url, fetcher);
}
