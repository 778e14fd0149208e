// Case: langfuse/langfuse, fix commit 7dacb5e1c4ab767201ceaa0be38639f41f01ccfd ("fix(billing): claim the CHB
// organization id exactly once").
// The code just before the fix, rewritten in our own code: checkout reads the organization's billing config, awaits
// the billing provider, then writes the provider's organization id back into a copy of the config it read; two
// concurrent first checkouts each create a provider organization and the later write replaces the earlier one (and
// any field a webhook changed meanwhile).
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
  update(query: { where: { id: string }; data: { billing: BillingConfig } }): Promise<Organization>;
}

interface BillingProvider {
  createCheckout(input: { organizationId?: string; planCode: string }): Promise<{ url: string; organizationId: string }>;
}

export class CheckoutService {
  constructor(
    private readonly organizations: OrganizationTable,
    private readonly provider: BillingProvider,
  ) {}

  async createCheckout(orgId: string, planCode: string): Promise<string> {
    const org = await this.organizations.findUnique({ where: { id: orgId } });
    if (!org) throw new Error(`Unknown organization ${orgId}`);

    const session = await this.provider.createCheckout({
      organizationId: org.billing?.provider?.organizationId,
      planCode,
    });

    const billing = {
      ...org.billing,
      provider: { ...org.billing?.provider, organizationId: session.organizationId },
    };
    await this.organizations.update({ where: { id: orgId }, data: { billing } });
    return session.url;
  }
}
