// Case: bluesky-social/atproto, fix commit b6eeb81c6d454b5ae91b05a21fc1820274c1b429 ("Resolve facets in parallel
// (#2957)"; https://github.com/bluesky-social/atproto/pull/2957).
// The fixed code, rewritten in our own code: detecting the mentions of a post resolves each mentioned handle to an
// account id over the network, one at a time, inside two nested loops.
interface MentionFeature {
  kind: 'mention';
  accountId: string;
}

interface LinkFeature {
  kind: 'link';
  uri: string;
}

interface Facet {
  start: number;
  end: number;
  features: Array<MentionFeature | LinkFeature>;
}

interface Directory {
  resolveHandle(handle: string): Promise<{ accountId: string }>;
}

export class PostText {
  facets: Facet[] = [];

  constructor(readonly text: string) {}

  private findFacets(): Facet[] {
    return [...this.text.matchAll(/@([\w.-]+)/g)].map((match) => ({
      start: match.index ?? 0,
      end: (match.index ?? 0) + match[0].length,
      features: [{ kind: 'mention' as const, accountId: match[1] ?? '' }],
    }));
  }

  async resolveMentions(directory: Directory): Promise<void> {
    this.facets = this.findFacets();
    const lookups: Promise<void>[] = [];
    for (const facet of this.facets) {
      for (const feature of facet.features) {
        if (feature.kind === 'mention') {
          lookups.push(
            directory
              .resolveHandle(feature.accountId)
              .then((result) => result.accountId)
              .catch(() => undefined)
              .then((accountId) => {
                feature.accountId = accountId ?? '';
              }),
          );
        }
      }
    }
    await Promise.allSettled(lookups);
    this.facets.sort((a, b) => a.start - b.start);
  }
}
