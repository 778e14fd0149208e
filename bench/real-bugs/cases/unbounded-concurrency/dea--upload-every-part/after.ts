// Case: aws-solutions/digital-evidence-archive-on-aws, fix commit 8e8ee0344d0c6c0b4cc0923dd7c7a38ab8f44847 ("fix: Limit
// parallelism to protect from memory-overuse when uploading files", PR #364). Rewritten in our own code: the fixed
// form waits for every group of ten parts before it reads the next ones.
export interface StartedUpload {
  readonly id: string;
  readonly uploadId: string;
  readonly partUrls?: readonly string[];
  readonly partBytes?: number;
}

export interface UploadRequest {
  readonly caseId: string;
  readonly name: string;
  readonly sizeBytes: number;
  readonly partBytes: number;
}

const MEGABYTE = 1024 * 1024;
const PARTS_AT_ONCE = 10;

async function postJson<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`/api/${path}`, { method: 'POST', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return (await response.json()) as T;
}

export const startUpload = async (request: UploadRequest): Promise<StartedUpload> =>
  postJson<StartedUpload>(`cases/${request.caseId}/files`, request);

export const finishUpload = async (caseId: string, id: string, uploadId: string): Promise<void> => {
  await postJson<unknown>(`cases/${caseId}/files/${id}/done`, { uploadId });
};

function readPart(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

export async function uploadFile(caseId: string, file: File): Promise<void> {
  const partBytes = Math.max(file.size / 10_000, 50 * MEGABYTE);
  const started = await startUpload({ caseId, name: file.name, sizeBytes: file.size, partBytes });
  let puts: Promise<Response>[] = [];
  if (started.partUrls) {
    const size = started.partBytes ?? 50 * MEGABYTE;
    for (let part = 0; part < started.partUrls.length; part += 1) {
      const url = started.partUrls[part]!;
      const slice = part === started.partUrls.length - 1 ? file.slice(part * size) : file.slice(part * size, (part + 1) * size);
      const bytes = await readPart(slice);
      puts.push(fetch(url, { method: 'PUT', body: bytes }));
      if (puts.length === PARTS_AT_ONCE) {
        await Promise.all(puts);
        puts = [];
      }
    }
    await Promise.all(puts);
    await finishUpload(caseId, started.id, started.uploadId);
  }
}
