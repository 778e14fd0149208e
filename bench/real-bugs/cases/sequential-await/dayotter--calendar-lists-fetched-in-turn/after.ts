// Case: Dayotter/dayotter, fix commit bcdf5942d44407d9309245d1768bcb29c01aba68 ("perf: parallelize independent
// awaits in Calendly export + AI read tools (#143)", PR #229), file apps/web/lib/import/calendly-client.ts.
// The fixed code, rewritten in our own code: both lists are read together once the account is known.
const SERVICE_API = 'https://scheduler.example.com/v2';

interface Page<T> {
  readonly items?: T[];
  readonly next?: string | null;
}

interface MeetingKind {
  readonly name: string;
  readonly minutes: number;
}

interface WorkingHours {
  readonly name: string;
  readonly rules: unknown[];
}

export interface AccountExport {
  readonly account: { readonly uri: string; readonly name: string };
  readonly kinds: MeetingKind[];
  readonly hours: WorkingHours[];
}

async function getJson<T>(token: string, url: string): Promise<T> {
  if (!url.startsWith(SERVICE_API)) throw new Error('Refusing to call another host');
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'error' });
  if (!response.ok) throw new Error(`Scheduler answered ${response.status}`);
  return (await response.json()) as T;
}

async function readAll<T>(token: string, firstUrl: string, limit: number): Promise<T[]> {
  const out: T[] = [];
  let next: string | null | undefined = firstUrl;
  for (let page = 0; next && page < 50 && out.length < limit; page++) {
    const data: Page<T> = await getJson<Page<T>>(token, next);
    out.push(...(data.items ?? []));
    next = data.next ?? null;
  }
  return out.slice(0, limit);
}

export async function exportAccount(token: string): Promise<AccountExport> {
  const me = await getJson<{ resource: { uri: string; name?: string } }>(token, `${SERVICE_API}/me`);
  const owner = encodeURIComponent(me.resource.uri);

  const [kinds, hours] = await Promise.all([
    readAll<MeetingKind>(token, `${SERVICE_API}/kinds?owner=${owner}`, 200),
    readAll<WorkingHours>(token, `${SERVICE_API}/hours?owner=${owner}`, 20),
  ]);

  return { account: { uri: me.resource.uri, name: me.resource.name ?? '' }, kinds, hours };
}
