// Case: c15t/c15t, fix commit 534ae5b6758eb501058c9dc0ab4928021adfe97e ("fix(policy): add gpc to
// snapshots/fingerprints, fix race condition and types").
// The code just before the fix, rewritten in our own code: inside the request's transaction, the policy decision is
// looked up by its dedupe key and created when missing (`find ?? create`); two requests with the same decision both
// miss, and the second insert fails on the unique dedupe key, failing the whole request.
type Row = { id: string } & Record<string, unknown>;

interface Records {
  findFirst(table: string, query: { where: Record<string, unknown> }): Promise<Row | null>;
  create(table: string, data: Record<string, unknown>): Promise<Row>;
}

interface Database {
  transaction<T>(work: (tx: Records) => Promise<T>): Promise<T>;
}

export interface Decision {
  policyId: string;
  fingerprint: string;
  jurisdiction: string;
  dedupeKey: string;
}

export async function saveSubject(db: Database, subjectId: string, decision: Decision | undefined) {
  return db.transaction(async (tx) => {
    const stored = decision
      ? ((await tx.findFirst('policyDecision', { where: { dedupeKey: decision.dedupeKey } })) ??
        (await tx.create('policyDecision', {
          id: `pd_${crypto.randomUUID()}`,
          policyId: decision.policyId,
          fingerprint: decision.fingerprint,
          jurisdiction: decision.jurisdiction,
          dedupeKey: decision.dedupeKey,
        })))
      : undefined;
    return tx.create('consent', { subjectId, decisionId: stored?.id });
  });
}
