// Case: Credal-ai/actions-sdk, fix commit a0128ad7de27f58ba4ef5b93e8e0513f3fd5d036 ("update to use promise.all
// (#245)"), source https://github.com/Credal-ai/actions-sdk/pull/245. Rewritten in our own code: the fixed version. The
// contents are fetched in parallel: a map starts every download and Promise.all collects them in order.
import { fileContentById, searchDrive, type AuthParams } from './drive-actions.js';

export interface FileWithText {
  id: string;
  name: string;
  mimeType: string;
  url: string;
  content?: string;
}

export async function searchDriveWithText({
  params,
  authParams,
}: {
  params: { query: string; limit?: number; fileSizeLimit?: number };
  authParams: AuthParams;
}): Promise<{ success: boolean; error?: string; files: FileWithText[] }> {
  if (!authParams.authToken) {
    return { success: false, error: 'missing auth token', files: [] };
  }

  const found = await searchDrive({ params: { query: params.query, limit: params.limit }, authParams });
  if (!found.success) {
    return { success: false, error: found.error, files: [] };
  }

  // fetch the content of each file in parallel
  const files = found.files ?? [];
  const pending = files.map(async (file): Promise<FileWithText> => {
    try {
      const text = await fileContentById({
        params: { fileId: file.id, limit: params.fileSizeLimit ?? 1000 },
        authParams,
      });
      return {
        id: file.id,
        name: file.name,
        mimeType: file.mimeType,
        url: file.url,
        content: text.success ? text.content : undefined,
      };
    } catch (error) {
      console.error(`could not read file ${file.id}:`, error);
      return { id: file.id, name: file.name, mimeType: file.mimeType, url: file.url };
    }
  });

  const withText = await Promise.all(pending);

  return { success: true, files: withText };
}
