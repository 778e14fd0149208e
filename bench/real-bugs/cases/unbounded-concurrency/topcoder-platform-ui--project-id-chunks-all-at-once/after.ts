// Case: topcoder-platform/platform-ui, fix commit 2383f9840e465f65e54720f426646eebf2bff205 ("PM-1518 Fix 429 too many
// requests error", pull request #1170), source https://github.com/topcoder-platform/platform-ui/pull/1170. Rewritten
// in our own code: the fixed version. The pages of ids are requested one at a time, with a short pause between them.
import { chunk } from 'lodash';
import useSWR, { type SWRResponse } from 'swr';
import { getJson, withQuery, type Project } from './http.js';

const projectsUrl = 'https://api.example.com/v5/projects';

export type ProjectsResult = SWRResponse<Project[], Project[]>;

export interface ProjectFilter {
  readonly id?: readonly number[];
  readonly status?: string;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const useProjectList = (search?: string, options?: { isPaused?: () => boolean; filter?: ProjectFilter }): ProjectsResult => {
  const params = { name: search, ...options?.filter };
  const url = withQuery(projectsUrl, params);

  const load = async (): Promise<Project[]> => {
    const ids = options?.filter?.id;

    if (Array.isArray(ids)) {
      const pages = chunk(ids, 20);
      const all: Project[] = [];

      for (const page of pages) {
        // one page at a time: the API limits concurrent requests
        const response = await getJson<Project[]>(withQuery(projectsUrl, { ...params, id: page }));
        all.push(...response);

        // stay under the rate limit between pages
        await pause(200);
      }

      return all;
    }

    return getJson<Project[]>(url);
  };

  return useSWR(url, load, {
    isPaused: options?.isPaused ?? (() => false),
    refreshInterval: 0,
    revalidateOnFocus: false,
  });
};
