// Case: chibisafe/chibisafe, fix commit f150f3234c100e310df1e1fffd1945130d38886d ("fix: concurrency for uploads",
// PR https://github.com/chibisafe/chibisafe/pull/591). Rewritten in our own code: dropping a folder on the page
// uploads every file in it (and in its subfolders) at the same time, one request per file; a large folder opens
// thousands of uploads at once and the browser and server give up.
import { useCallback } from 'react';
import type { DropEvent, DropItem, FileDropItem } from 'drop-kit';

async function filesOf(item: DropItem, blocked: string[]): Promise<FileDropItem[]> {
  if (item.kind === 'file') return blocked.some((ext) => item.name.endsWith(ext)) ? [] : [item];
  const found: FileDropItem[] = [];
  for await (const entry of item.getEntries()) found.push(...(await filesOf(entry, blocked)));
  return found;
}

async function sendFile(file: File, albumId: string | undefined): Promise<void> {
  const body = new FormData();
  body.append('file', file);
  if (albumId) body.append('album', albumId);
  const response = await fetch('/api/upload', { method: 'POST', body });
  if (!response.ok) throw new Error(`upload of ${file.name} failed: ${response.status}`);
}

export function useDropUpload(albumId: string | undefined, blocked: string[]) {
  return useCallback(
    async (event: DropEvent) => {
      for (const item of event.items) {
        const files = await filesOf(item, blocked);
        if (files.length === 0) continue;
        void Promise.all(
          files.map(async (entry) => {
            const file = await entry.getFile();
            await sendFile(file, albumId);
          }),
        );
      }
    },
    [albumId, blocked],
  );
}
