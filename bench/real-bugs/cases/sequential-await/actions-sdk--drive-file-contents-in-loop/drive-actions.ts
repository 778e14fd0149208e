// Shared by before.ts and after.ts: the two drive actions the combined action calls (the original's
// searchDriveByQuery.ts and getDriveFileContentById.ts), reduced to their signatures and a fetch each.
export interface AuthParams {
  readonly authToken?: string;
}

export interface DriveFile {
  readonly id: string;
  readonly name: string;
  readonly mimeType: string;
  readonly url: string;
}

export async function searchDrive({
  params,
  authParams,
}: {
  params: { query: string; limit?: number };
  authParams: AuthParams;
}): Promise<{ success: boolean; error?: string; files?: DriveFile[] }> {
  const response = await fetch(`https://drive.example.com/api/files?q=${encodeURIComponent(params.query)}&limit=${params.limit ?? 50}`, {
    headers: { authorization: `Bearer ${authParams.authToken ?? ''}` },
  });
  if (!response.ok) return { success: false, error: `search failed: ${response.status}` };
  return { success: true, files: (await response.json()) as DriveFile[] };
}

export async function fileContentById({
  params,
  authParams,
}: {
  params: { fileId: string; limit: number };
  authParams: AuthParams;
}): Promise<{ success: boolean; content?: string; error?: string }> {
  const response = await fetch(`https://drive.example.com/api/files/${params.fileId}/export`, {
    headers: { authorization: `Bearer ${authParams.authToken ?? ''}` },
  });
  if (!response.ok) return { success: false, error: `export failed: ${response.status}` };
  return { success: true, content: (await response.text()).slice(0, params.limit) };
}
