// Shared by before.ts and after.ts: the service the controller calls (the original's espocrm.service.ts), reduced to
// the method the case needs: it looks a webhook up and saves it through a repository, so it can reject.
export interface CrmWebhookInput {
  readonly action: string;
  readonly entity: string;
  readonly secret: string;
  readonly reference: string;
}

export interface CrmWebhookRow extends CrmWebhookInput {
  readonly id?: number;
}

export interface WebhookRepository {
  findOne(where: { action: string; entity: string }): Promise<CrmWebhookRow | null>;
  save(row: CrmWebhookRow): Promise<CrmWebhookRow>;
}

export class CrmWebhookService {
  constructor(private readonly repository: WebhookRepository) {}

  async saveWebhook(input: CrmWebhookInput): Promise<CrmWebhookRow> {
    const existing = await this.repository.findOne({ action: input.action, entity: input.entity });
    if (existing) {
      return await this.repository.save({ ...existing, secret: input.secret, reference: input.reference });
    }
    return await this.repository.save(input);
  }
}
