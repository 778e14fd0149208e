// Case: sveltejs/sapper, fix commit d0c6b9cdca22b5a319431836c3cd7a74bdfb4bbf ("limit parallel crawls").
// Rewritten in our own code: the static exporter crawls the running app, and every page it fetches starts a fetch of
// every same-origin link on it at once, recursively; a site with many pages opens that many requests together.
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { load } from 'html-query';

export async function crawlSite(origin: string, outDir: string): Promise<number> {
  const visited = new Set<string>();

  async function visit(url: URL): Promise<void> {
    if (visited.has(url.pathname)) return;
    visited.add(url.pathname);

    const response = await fetch(url.href);
    if (!response.ok) return;
    const html = await response.text();
    await writeFile(path.join(outDir, url.pathname === '/' ? 'index.html' : `${url.pathname}.html`), html);

    if (response.headers.get('content-type') !== 'text/html') return;
    const $ = load(html);
    const base = new URL($('base').attr('href') ?? '/', url.href);
    const links: URL[] = [];
    $('a[href]').each((_index, anchor) => {
      const link = new URL(anchor.attribs['href'] ?? '', base.href);
      if (link.origin === origin) links.push(link);
    });

    await Promise.all(links.map(visit));
  }

  await visit(new URL('/', origin));
  return visited.size;
}
