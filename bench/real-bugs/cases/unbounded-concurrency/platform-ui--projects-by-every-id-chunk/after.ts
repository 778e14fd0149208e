// Case: topcoder-platform/platform-ui, fix commit 2383f9840e465f65e54720f426646eebf2bff205 ("PM-1518 Fix 429 too many
// requests error", PR https://github.com/topcoder-platform/platform-ui/pull/1170). Rewritten in our own code: the
// pages of ids are requested one after the other, with a short pause between them.
import useSWR, { type SWRResponse } from 'swr';
import { xhrGetAsync } from '~/lib/xhr';
import { buildUrl, chunk } from '~/lib/url';

export interface Project {
  id: string;
  name: string;
  status: string;
}

const projectsUrl = 'https://api.example.test/v5/projects';

const pause = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

export function useProjects(
  search?: string,
  options?: { paused?: boolean; filter?: { id?: string[]; status?: string } },
): SWRResponse<Project[]> {
  const params = { name: search, ...options?.filter };
  const url = buildUrl(projectsUrl, params);

  const fetcher = async (): Promise<Project[]> => {
    const ids = options?.filter?.id;
    if (Array.isArray(ids)) {
      const found: Project[] = [];
      for (const page of chunk(ids, 20)) {
        const response = await xhrGetAsync<Project[]>(buildUrl(projectsUrl, { ...params, id: page }));
        found.push(...response);
        await pause(200);
      }
      return found;
    }
    return xhrGetAsync<Project[]>(url);
  };

  return useSWR(options?.paused ? '' : url, fetcher);
}
