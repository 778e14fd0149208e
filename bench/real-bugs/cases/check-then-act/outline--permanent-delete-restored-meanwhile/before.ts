// Case: outline/outline, fix commit 64dc5e8ea7e1ad03d1d27eff9dec46e8c3819d96 ("fix: guard against concurrent restore
// in documentPermanentDeleter (#11775)"; https://github.com/outline/outline/pull/11775).
// The code just before the fix, rewritten in our own code: permanent deletion checks that every page is in the
// trash, awaits the cleanup of its files, then destroys the rows by id alone, so a page restored in the meantime is
// destroyed too.
interface Page {
  id: string;
  workspaceId: string;
  trashedAt: Date | null;
}

interface Where {
  id: string[];
  trashedAt?: { not: null };
}

interface PageTable {
  destroy(options: { where: Where; force: boolean }): Promise<number>;
}

interface FileCleanup {
  scheduleForPage(page: Page): Promise<void>;
}

export async function deletePagesForever(pages: Page[], table: PageTable, files: FileCleanup): Promise<number> {
  const active = pages.find((page) => !page.trashedAt);
  if (active) {
    throw new Error(`Page ${active.id} must be moved to the trash first`);
  }

  for (const page of pages) {
    await files.scheduleForPage(page);
  }

  return table.destroy({
    where: {
      id: pages.map((page) => page.id),
    },
    force: true,
  });
}
