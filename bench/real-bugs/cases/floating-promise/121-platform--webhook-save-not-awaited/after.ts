// Case: global-121/121-platform, fix commit 1405514972ff38fedd516dc4f692dac7be8171ab ("Fix: added await to fix
// 'floating promise'", pull request #4172), source https://github.com/global-121/121-platform/pull/4172. Rewritten in
// our own code: the fixed version. The handler awaits the save, so the response waits for it and a failure reaches the
// framework's error handling.
import { CrmWebhookService, type CrmWebhookInput } from './webhook-service.js';

export class CrmController {
  constructor(private readonly webhooks: CrmWebhookService) {}

  // POST /crm/webhooks (admin only): 201 when the webhook is saved
  public async registerWebhook(body: CrmWebhookInput): Promise<void> {
    await this.webhooks.saveWebhook(body);
  }
}
