// Case: UTDNebula/utd-clubs, fix commit 068f0ed14be2a82d12b01a732e7ee946d1fc61e7 ("Parallel awaits", pull request
// #645; one procedure of the fix). Rewritten in our own code: the sidebar of every page asks which entries the user
// may see; the procedure awaits the officer-membership lookup inside one `if` condition and then the admin lookup
// inside the next, although neither query depends on the other, so each page load waits for two queries in turn.
import type { RequestContext, SidebarEntry } from './context.js';

export async function sidebarEntries(ctx: RequestContext): Promise<SidebarEntry[]> {
  const session = ctx.session;
  const entries: SidebarEntry[] = [];
  if (!session) return entries;

  const [isOfficer, isAdmin] = await Promise.all([
    ctx.db.query.memberships.findFirst({
      where: { userId: session.user.id, roleIn: ['Officer', 'President'] },
    }),
    ctx.db.query.admins.findFirst({
      where: { userId: session.user.id },
    }),
  ]);
  if (isOfficer) {
    entries.push('Manage Clubs');
  } else {
    entries.push('Create Club');
  }
  if (isAdmin) entries.push('Admin');
  return entries;
}
