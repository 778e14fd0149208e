// Case: langfuse/langfuse, fix commit 7dacb5e1c4ab767201ceaa0be38639f41f01ccfd ("fix(billing): claim the CHB
// organization id exactly once").
// The fixed code, rewritten in our own code: the provider id is claimed with one conditional UPDATE that only a row
// without an id can win and that rebuilds the config from the row's current value; the loser gets a conflict.
interface BillingConfig {
  provider?: { organizationId?: string; planCode?: string };
  customerId?: string;
}

interface Organization {
  id: string;
  billing: BillingConfig | null;
}

interface OrganizationTable {
  findUnique(query: { where: { id: string } }): Promise<Organization | null>;
}

interface Sql {
  execute(text: string, parameters: unknown[]): Promise<number>;
}

interface BillingProvider {
  createCheckout(input: { organizationId?: string; planCode: string }): Promise<{ url: string; organizationId: string }>;
}

export class CheckoutService {
  constructor(
    private readonly organizations: OrganizationTable,
    private readonly sql: Sql,
    private readonly provider: BillingProvider,
  ) {}

  async createCheckout(orgId: string, planCode: string): Promise<string> {
    const org = await this.organizations.findUnique({ where: { id: orgId } });
    if (!org) throw new Error(`Unknown organization ${orgId}`);
    const existing = org.billing?.provider?.organizationId;

    const session = await this.provider.createCheckout({ organizationId: existing, planCode });
    if (existing) {
      if (session.organizationId !== existing) throw new Error('The provider returned another organization');
      return session.url;
    }

    const claimed = await this.sql.execute(
      `UPDATE organizations
         SET billing = jsonb_set(COALESCE(billing, '{}'), '{provider,organizationId}', to_jsonb($2::text))
       WHERE id = $1 AND billing #> '{provider,organizationId}' IS NULL`,
      [orgId, session.organizationId],
    );
    if (claimed === 0) throw new Error('Another checkout for this organization is in progress');
    return session.url;
  }
}
