// Case: langfuse/langfuse, fix commit 8da1640777aad019ff1c9053c0bbfe09a1b95d71 ("perf(ui): parallelize db queries in
// users.all route (#3018)"; https://github.com/langfuse/langfuse/pull/3018).
// The fixed code, rewritten in our own code: both queries run together.
interface RawSql {
  $queryRaw<T>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}

interface ListInput {
  workspaceId: string;
  page: number;
  limit: number;
}

export async function listCustomers(input: ListInput, ctx: { db: RawSql }) {
  const [customers, totals] = await Promise.all([
    ctx.db.$queryRaw<Array<{ customerId: string; events: bigint }>>`
      SELECT e.customer_id AS "customerId", COUNT(e.id)::bigint AS "events"
      FROM events e
      WHERE e.workspace_id = ${input.workspaceId}
      GROUP BY e.customer_id
      ORDER BY "events" DESC
      LIMIT ${input.limit} OFFSET ${input.page * input.limit}
    `,
    ctx.db.$queryRaw<Array<{ count: bigint }>>`
      SELECT COUNT(DISTINCT e.customer_id)::bigint AS "count"
      FROM events e
      WHERE e.workspace_id = ${input.workspaceId}
    `,
  ]);
  return { total: totals[0]?.count, customers };
}
