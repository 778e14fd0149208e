// Case: HowTheyVote/howtheyvote, fix commit 3d600ad5318d7ae9de5bb72a54013d15dc2ddd40 ("Parallelize API requests",
// pull request #1498). Rewritten in our own code: the server-side loader of a representative's page awaits the
// representative, then awaits their ballots; the second request does not use the first one's result, so every page
// render waits for two API round trips in turn.
import { type BallotsPage, getRepresentative, getRepresentativeBallots, type Representative } from './api.js';

export interface PageRequest {
  url: string;
  params: Record<string, string>;
}

interface RepresentativePageData {
  representative: Representative;
  ballots: BallotsPage;
}

const PUBLIC_URL = 'https://votes.example.org';

export const loader = async (request: PageRequest): Promise<RepresentativePageData> => {
  const search = new URL(request.url, PUBLIC_URL).searchParams;

  const [representative, ballots] = await Promise.all([
    getRepresentative({
      path: {
        id: request.params['id'] ?? '',
      },
    }),
    getRepresentativeBallots({
      path: {
        id: request.params['id'] ?? '',
      },
      query: {
        q: search.get('q') ?? undefined,
        page: Number(search.get('page') ?? 1),
        sort: search.get('sort') ?? 'newest',
      },
    }),
  ]);

  return {
    representative: representative.data,
    ballots: ballots.data,
  };
};
