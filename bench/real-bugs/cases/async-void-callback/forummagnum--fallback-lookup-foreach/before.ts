// Case: ForumMagnum/ForumMagnum, fix commit 521392a0498f62adadd0fa3bec39d8a455a7629f ("replace foreach", in
// packages/lesswrong/server/zohoUtils.ts). Rewritten in our own code: looking up a person's conference application,
// the code tries this year's main event, then each regional event in turn, then last year's. The regional fallbacks
// run in an async `forEach` callback: `forEach` does not wait, so the last fallback is checked before any regional
// answer arrived, and a failing regional request rejects a promise nothing handles.
export interface LookupResponse {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<{ data: unknown[] }>;
}

declare function queryMainEvent(email: string): Promise<LookupResponse>;
declare function queryRegionalEvent(event: string, email: string): Promise<LookupResponse>;
declare function queryLastYear(email: string): Promise<LookupResponse>;
declare function refreshToken(): Promise<void>;

const regionalEvents = ['north', 'east', 'south'];

export async function findApplication(rawEmail: string): Promise<{ data: unknown[] } | undefined> {
  const email = rawEmail.replace(/[^a-z0-9+_.@-]/gi, '');
  let response = await queryMainEvent(email);
  if (!response.ok) {
    await refreshToken();
    response = await queryMainEvent(email);
  }
  if (!response.ok) throw new Error('The application service did not answer.');

  // 204: nothing found yet, try the regional events
  regionalEvents.forEach(async (event) => {
    if (response.status === 204) {
      response = await queryRegionalEvent(event, email);
    }
  });

  if (response.status === 204) response = await queryLastYear(email);
  if (response.status === 204) return undefined;
  const body = await response.json();
  return body.data.length > 0 ? body : undefined;
}
