// Case: Dayotter/dayotter, fix commit bcdf5942d44407d9309245d1768bcb29c01aba68 ("perf: parallelize independent awaits
// in Calendly export + AI read tools (#143)", pull request #229), source https://github.com/Dayotter/dayotter/pull/229.
// Rewritten in our own code: an importer reads a scheduling service's account through its REST API. Once the user's
// URI is known, the meeting types and the availability schedules are two independent paginated listings, but the
// export awaits one complete listing before starting the other, adding one full round trip chain of latency.
const apiBase = 'https://scheduler.example.com/api';
const requestTimeoutMs = 10_000;
const maxMeetingTypes = 200;
const maxSchedules = 20;

interface Page<T> {
  readonly items?: readonly T[];
  readonly paging?: { readonly next?: string | null };
}

export interface MeetingType {
  readonly uri: string;
  readonly name: string;
  readonly minutes: number;
}

export interface Schedule {
  readonly uri: string;
  readonly timezone: string;
}

export interface SchedulerExport {
  readonly owner: { readonly name: string; readonly uri: string };
  readonly meetingTypes: readonly MeetingType[];
  readonly schedules: readonly Schedule[];
}

export class SchedulerAuthError extends Error {}

async function getJson<T>(token: string, url: string): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), requestTimeoutMs);
  try {
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    if (response.status === 401) throw new SchedulerAuthError('token rejected');
    if (!response.ok) throw new Error(`scheduler ${response.status}`);
    return (await response.json()) as T;
  } finally {
    clearTimeout(timer);
  }
}

/** Follows cursor pagination, up to `limit` items. */
async function listAll<T>(token: string, firstUrl: string, limit: number): Promise<T[]> {
  const collected: T[] = [];
  let next: string | null | undefined = firstUrl;
  for (let page = 0; next && page < 50 && collected.length < limit; page++) {
    const body: Page<T> = await getJson<Page<T>>(token, next);
    collected.push(...(body.items ?? []));
    next = body.paging?.next ?? null;
  }
  return collected.slice(0, limit);
}

/** Reads the account's meeting types and availability schedules; never writes. */
export async function exportScheduler(token: string): Promise<SchedulerExport> {
  const me = await getJson<{ resource: { uri: string; name?: string } }>(token, `${apiBase}/users/me`);
  const ownerUri = me.resource.uri;
  const ownerParam = encodeURIComponent(ownerUri);

  const meetingTypes = await listAll<MeetingType>(
    token,
    `${apiBase}/meeting_types?user=${ownerParam}&count=100`,
    maxMeetingTypes,
  );
  const schedules = await listAll<Schedule>(token, `${apiBase}/availability?user=${ownerParam}`, maxSchedules);

  return { owner: { name: me.resource.name ?? '', uri: ownerUri }, meetingTypes, schedules };
}
