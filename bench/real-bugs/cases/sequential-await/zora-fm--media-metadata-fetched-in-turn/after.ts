// Case: erikreppel/zora.fm, fix commit b34c9132a0dd27806718a8f530feb09b8109ba9a ("Fetch Media in Parallel (#1)";
// https://github.com/erikreppel/zora.fm/pull/1).
// The fixed code, rewritten in our own code: building the list of playable tracks sends a HEAD request and a
// metadata request for each media item inside a for loop, one item after another.
interface MediaItem {
  contentUri: string;
  metadataUri: string;
  metadata?: { mimeType: string | null; title?: string };
}

declare function listMedia(): Promise<MediaItem[]>;

function isPlayable(contentType: string | null): boolean {
  return contentType !== null && (contentType.startsWith('audio/') || contentType.startsWith('video/'));
}

async function readMedia(media: MediaItem): Promise<MediaItem[]> {
  try {
    const head = await fetch(media.contentUri, { method: 'HEAD' });
    const contentType = head.headers.get('content-type');
    const metadata = (await (await fetch(media.metadataUri)).json()) as { title?: string };
    media.metadata = { ...metadata, mimeType: contentType };
    return isPlayable(contentType) ? [media] : [];
  } catch {
    return [];
  }
}

export async function playableMedia(): Promise<MediaItem[]> {
  const all = await listMedia();
  const perItem = await Promise.all(all.map((media) => readMedia(media)));
  return perItem.flat();
}
