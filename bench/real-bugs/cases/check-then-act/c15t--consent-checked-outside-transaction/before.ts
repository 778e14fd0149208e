// Case: c15t/c15t, fix commit d665047690731991c7ca7f29f98b06260ce7e3a7 ("Fix consent dedupe race";
// https://github.com/c15t/c15t/issues/861).
// The code just before the fix, rewritten in our own code: recording a consent first looks for an identical consent
// outside any transaction, then opens a transaction that creates the record; two identical submissions both find
// nothing and both create a consent.
type Where = Record<string, unknown>;

interface Records {
  findFirst(table: string, query: { where: Where }): Promise<{ id: string } | null>;
  create(table: string, data: Record<string, unknown>): Promise<{ id: string }>;
}

interface Database extends Records {
  transaction<T>(work: (tx: Records) => Promise<T>): Promise<T>;
}

export interface ConsentInput {
  subjectId: string;
  domainId: string;
  policyId: string;
  givenAt: Date;
}

export async function recordConsent(db: Database, input: ConsentInput): Promise<{ id: string; created: boolean }> {
  const { subjectId, domainId, policyId, givenAt } = input;
  const existing = await db.findFirst('consent', {
    where: { subjectId, domainId, policyId, givenAt },
  });
  if (existing) {
    return { id: existing.id, created: false };
  }

  return db.transaction(async (tx) => {
    const consent = await tx.create('consent', { subjectId, domainId, policyId, givenAt });
    return { id: consent.id, created: true };
  });
}
