// Case: hedgedoc/hedgedoc, fix commit 79dd9af9881056afeae3e4d6124fb510b45f316b ("Added await to wait for completion
// of note creation in tests"; https://github.com/hedgedoc/hedgedoc/commit/79dd9af9881056afeae3e4d6124fb510b45f316b).
// The code just before the fix, rewritten in our own code: end-to-end tests create the note they then query through
// the API without awaiting the creation, so the request can reach the server before the note exists and a failed
// creation is never reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface NotesService {
  createNote(content: string, alias: string): Promise<{ id: string }>;
}

interface Api {
  get(path: string): Promise<{ status: number; body: unknown }>;
  delete(path: string): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

declare function startTestApp(): Promise<{ api: Api; notes: NotesService }>;

describe('my history', () => {
  let api: Api;
  let notes: NotesService;

  beforeAll(async () => {
    ({ api, notes } = await startTestApp());
  });
  afterAll(async () => {
    await api.close();
  });

  it('lists a note the user opened', async () => {
    notes.createNote('', 'history-list');
    const response = await api.get('/me/history');
    expect(response.status).toBe(200);
  });

  it('deletes one history entry', async () => {
    notes.createNote('some text', 'history-delete');
    const response = await api.delete('/me/history/history-delete');
    expect(response.status).toBe(204);
  });
});
