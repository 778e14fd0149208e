// Case: formbricks/formbricks, fix commit f73f13f16c068ab51a762c0b2dc63c7b26a7cc53 ("fix Prisma connection pool
// saturation from unbounded Promise.all fan-outs", PR https://github.com/formbricks/formbricks/pull/7404). Rewritten
// in our own code: inviting a pasted list of members calls the invite action for every address at once; each invite
// runs several database writes and sends an email, so a long list saturates the pool and the mail provider.
export interface Invitee {
  readonly name: string;
  readonly email: string;
  readonly role: 'owner' | 'manager' | 'member';
}

export type InviteAction = (input: {
  organizationId: string;
  name: string;
  email: string;
  role: Invitee['role'];
}) => Promise<{ ok: boolean }>;

export async function inviteMembers(
  organizationId: string,
  invitees: readonly Invitee[],
  invite: InviteAction,
): Promise<{ failed: string[]; sent: string[] }> {
  const outcomes = await Promise.all(
    invitees.map(async ({ name, email, role }) => {
      const result = await invite({ organizationId, name, email: email.toLowerCase(), role });
      return { email, ok: result.ok };
    }),
  );
  const failed: string[] = [];
  const sent: string[] = [];
  for (const outcome of outcomes) (outcome.ok ? sent : failed).push(outcome.email);
  return { failed, sent };
}
