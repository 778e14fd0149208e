// Case: topcoder-platform/platform-ui, fix commit 2383f9840e465f65e54720f426646eebf2bff205 ("PM-1518 Fix 429 too many
// requests error", pull request #1170), source https://github.com/topcoder-platform/platform-ui/pull/1170. Rewritten
// in our own code: a data hook loads the projects whose ids the page lists. The ids are cut into pages of twenty, and
// every page is requested at once with Promise.all over the pages, so a page showing many projects fires dozens of
// requests together and the API answers 429 Too Many Requests.
import { chunk } from 'lodash';
import useSWR, { type SWRResponse } from 'swr';
import { getJson, withQuery, type Project } from './http.js';

const projectsUrl = 'https://api.example.com/v5/projects';

export type ProjectsResult = SWRResponse<Project[], Project[]>;

export interface ProjectFilter {
  readonly id?: readonly number[];
  readonly status?: string;
}

export const useProjectList = (search?: string, options?: { isPaused?: () => boolean; filter?: ProjectFilter }): ProjectsResult => {
  const params = { name: search, ...options?.filter };
  const url = withQuery(projectsUrl, params);

  const load = (): Promise<Project[]> => {
    if (options?.filter?.id && Array.isArray(options.filter.id)) {
      const pages = chunk(options.filter.id, 20);
      return Promise.all(pages.map((page) => getJson<Project[]>(withQuery(projectsUrl, { ...params, id: page })))).then(
        (responses) => responses.flat(),
      );
    }

    return getJson<Project[]>(url);
  };

  return useSWR(url, load, {
    isPaused: options?.isPaused ?? (() => false),
    refreshInterval: 0,
    revalidateOnFocus: false,
  });
};
