// Case: vtex/faststore, fix commit 2a8eade90764815bb64229c9530a70f569000f3c ("Feat: `Promise.all` homepage and global
// Promises (#2471)"; https://github.com/vtex/faststore/pull/2471).
// The fixed code, rewritten in our own code: the three requests start together.
interface Preview {
  contentType?: string;
  documentId?: string;
}

interface StoredPage {
  documentId: string;
  versionId: string;
}

declare const siteConfig: { cms: { pages?: string } };
declare function loadDynamicContent(options: { pageType: string }): Promise<Record<string, unknown>>;
declare function loadSharedSections(preview: Preview | undefined): Promise<unknown[]>;
declare function loadPage(locator: { contentType: string; documentId?: string; versionId?: string }): Promise<unknown>;

export async function homeStaticProps({ preview }: { preview?: Preview }) {
  const sharedSectionsPromise = loadSharedSections(preview);
  const dynamicContentPromise = loadDynamicContent({ pageType: 'home' });

  let stored: StoredPage | undefined;
  if (siteConfig.cms.pages) {
    const pages = JSON.parse(siteConfig.cms.pages) as Record<string, StoredPage[]>;
    stored = pages['home']?.[0];
  }
  const pagePromise = stored
    ? loadPage({ contentType: 'home', documentId: stored.documentId, versionId: stored.versionId })
    : loadPage({ ...(preview?.contentType === 'home' ? preview : {}), contentType: 'home' });
  const [page, sharedSections, dynamicContent] = await Promise.all([
    pagePromise,
    sharedSectionsPromise,
    dynamicContentPromise,
  ]);
  return { props: { page, sharedSections, dynamicContent } };
}
