// Case: kiel-live/kiel-live, fix commit a01a99b1cb454ddc38c74100d54ecf93354e9fdc ("perf: prevent duplicate
// subscriptions (#210)"; https://github.com/kiel-live/kiel-live/pull/210).
// The fixed code, rewritten in our own code: the subject is marked as pending before anything is awaited, and after
// the broker answers the subscription is kept only if the mark is still there (an unsubscribe meanwhile removed it).
import { ref } from 'reactive-ref';
import type { StreamClient, Subscription } from 'stream-client';

const subscriptions = ref<Record<string, Subscription | 'pending'>>({});
const queued: Record<string, (body: string) => void> = {};

let client: StreamClient | undefined;

export function connected(next: StreamClient): void {
  client = next;
}

export const subscribe = async (subject: string, onMessage: (body: string) => void) => {
  if (subscriptions.value[subject]) {
    return;
  }
  subscriptions.value[subject] = 'pending';
  if (!client) {
    queued[subject] = onMessage;
    return;
  }
  const subscription = await client.subscribe(subject, { deliverAll: true });
  if (subscriptions.value[subject] !== 'pending') {
    subscription.unsubscribe();
    return;
  }
  subscriptions.value[subject] = subscription;
  void (async () => {
    for await (const message of subscription) onMessage(message.data);
  })();
};

export const unsubscribe = async (subject: string) => {
  const subscription = subscriptions.value[subject];
  if (subscription) {
    if (subscription !== 'pending') subscription.unsubscribe();
    delete subscriptions.value[subject];
  }
  delete queued[subject];
};
