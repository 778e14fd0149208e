// Case: vtex/faststore, fix commit 2a8eade90764815bb64229c9530a70f569000f3c ("Feat: `Promise.all` homepage and global
// Promises (#2471)"; https://github.com/vtex/faststore/pull/2471).
// The code just before the fix, rewritten in our own code: building the home page's static props fetches the dynamic
// content, then the shared sections, then the page itself, each waiting for the previous one, though none of the
// three requests uses another's result.
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
  const dynamicContent = await loadDynamicContent({ pageType: 'home' });
  const sharedSections = await loadSharedSections(preview);

  if (siteConfig.cms.pages) {
    const pages = JSON.parse(siteConfig.cms.pages) as Record<string, StoredPage[]>;
    const stored = pages['home']?.[0];
    if (stored) {
      const pageData = await loadPage({
        contentType: 'home',
        documentId: stored.documentId,
        versionId: stored.versionId,
      });
      return { props: { page: pageData, sharedSections, dynamicContent } };
    }
  }

  const page = await loadPage({ ...(preview?.contentType === 'home' ? preview : {}), contentType: 'home' });
  return { props: { page, sharedSections, dynamicContent } };
}
