// Case: Credal-ai/actions-sdk, fix commit a0128ad7de27f58ba4ef5b93e8e0513f3fd5d036 ("update to use promise.all
// (#245)"), source https://github.com/Credal-ai/actions-sdk/pull/245. Rewritten in our own code: an agent action
// searches a cloud drive and returns each hit with its text. After the search it fetches the files' contents one by one
// in a for...of loop (each in its own try/catch, through an action defined in another module), although each download
// is independent, so a search with many hits waits for every export in turn.
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

  // fetch the content of each file
  const withText = [] as FileWithText[];
  const files = found.files ?? [];
  for (const file of files) {
    try {
      const text = await fileContentById({
        params: { fileId: file.id, limit: params.fileSizeLimit ?? 1000 },
        authParams,
      });
      withText.push({
        id: file.id,
        name: file.name,
        mimeType: file.mimeType,
        url: file.url,
        content: text.success ? text.content : undefined,
      });
    } catch (error) {
      console.error(`could not read file ${file.id}:`, error);
      withText.push({ id: file.id, name: file.name, mimeType: file.mimeType, url: file.url });
    }
  }

  return { success: true, files: withText };
}
