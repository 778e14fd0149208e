// Case: outline/outline, fix commit 74e0f4dfb3db4dff9274605a64fe719ae11d3fd0 ("fix: Parallelize loading attachments
// in document presenter (#2184)"; https://github.com/outline/outline/pull/2184).
// The fixed code, rewritten in our own code: presenting a document looks up each embedded attachment and signs its
// URL one after the other, so a document with many images waits for every lookup in turn.
interface StoredFile {
  storageKey: string;
  publicPath: string;
}

interface FileTable {
  findById(id: string): Promise<StoredFile | null>;
}

type SignUrl = (storageKey: string) => Promise<string>;

function referencedFileIds(markdown: string): string[] {
  return [...markdown.matchAll(/\/files\/([0-9a-f-]{36})/g)].map((match) => match[1] ?? '');
}

export async function withSignedImageUrls(markdown: string, files: FileTable, sign: SignUrl): Promise<string> {
  const ids = referencedFileIds(markdown);

  await Promise.all(
    ids.map(async (id) => {
      const file = await files.findById(id);
      if (file) {
        const signedUrl = await sign(file.storageKey);
        markdown = markdown.replace(file.publicPath, signedUrl);
      }
    }),
  );

  return markdown;
}
