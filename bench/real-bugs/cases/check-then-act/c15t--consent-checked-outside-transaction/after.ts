// Case: c15t/c15t, fix commit d665047690731991c7ca7f29f98b06260ce7e3a7 ("Fix consent dedupe race";
// https://github.com/c15t/c15t/issues/861).
// The fixed code, rewritten in our own code: the lookup is repeated inside the transaction, the record carries a
// unique dedupe key, and a create that loses the race to an identical submission returns the winner's record.
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
  const dedupeKey = [subjectId, domainId, policyId, givenAt.toISOString()].join('|');
  const findExisting = (records: Records) =>
    records.findFirst('consent', { where: { subjectId, domainId, policyId, givenAt } });

  const existing = await findExisting(db);
  if (existing) {
    return { id: existing.id, created: false };
  }

  return db.transaction(async (tx) => {
    const again = await findExisting(tx);
    if (again) return { id: again.id, created: false };
    try {
      const consent = await tx.create('consent', { subjectId, domainId, policyId, givenAt, dedupeKey });
      return { id: consent.id, created: true };
    } catch (error) {
      // the unique dedupe key rejected a concurrent duplicate: return the record that won
      const winner = await findExisting(tx);
      if (winner) return { id: winner.id, created: false };
      throw error;
    }
  });
}
