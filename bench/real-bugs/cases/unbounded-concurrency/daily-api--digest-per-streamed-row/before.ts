// Case: dailydotdev/daily-api, fix commit a7c82758d13194d1e65f34f431d66e0460c6fe78 ("feat: utlize async queue to wait
// for pending notify calls", PR https://github.com/dailydotdev/daily-api/pull/1469). Rewritten in our own code: the
// weekly digest job streams the subscriptions due tomorrow and publishes a message for each row as it arrives, without
// waiting for the publish or pausing the stream.
import type { Readable } from 'node:stream';

export interface DigestSubscription {
  readonly userId: string;
  readonly preferredDay: number;
}

export interface Logger {
  error(context: object, message: string): void;
}

export interface Database {
  streamRows(sql: string, parameters: unknown[]): Promise<Readable>;
}

export async function publishDigestRequest(logger: Logger, subscription: DigestSubscription): Promise<void> {
  const response = await fetch('https://pubsub.internal/topics/generate-digest', {
    method: 'POST',
    body: JSON.stringify(subscription),
  });
  if (!response.ok) logger.error({ userId: subscription.userId }, 'publishing the digest request failed');
}

export async function sendPersonalizedDigests(db: Database, logger: Logger): Promise<void> {
  const tomorrow = (new Date().getDay() + 1) % 7;
  const rows = await db.streamRows('SELECT * FROM digest_subscription WHERE "preferredDay" = $1', [tomorrow]);

  rows.on('data', (subscription: DigestSubscription) => {
    publishDigestRequest(logger, subscription);
  });

  await new Promise((resolve, reject) => {
    rows.on('error', (error) => {
      logger.error({ err: error }, 'streaming digest subscriptions failed');
      reject(error);
    });
    rows.on('end', resolve);
  });
}
