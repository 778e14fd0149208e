// Case: kiel-live/kiel-live, fix commit a01a99b1cb454ddc38c74100d54ecf93354e9fdc ("perf: prevent duplicate
// subscriptions (#210)"; https://github.com/kiel-live/kiel-live/pull/210).
// The code just before the fix, rewritten in our own code: the app keeps its stream subscriptions in a reactive record
// keyed by subject, checks it, awaits the broker's subscribe and only then records the subscription, so two views
// that subscribe to one subject at once both subscribe and every message arrives twice.
import { ref } from 'reactive-ref';
import type { StreamClient, Subscription } from 'stream-client';

const subscriptions = ref<Record<string, Subscription>>({});
const queued: Record<string, (body: string) => void> = {};

let client: StreamClient | undefined;

export function connected(next: StreamClient): void {
  client = next;
}

export const subscribe = async (subject: string, onMessage: (body: string) => void) => {
  if (subscriptions.value[subject]) {
    return;
  }
  if (!client) {
    queued[subject] = onMessage;
    return;
  }
  const subscription = await client.subscribe(subject, { deliverAll: true });
  subscriptions.value[subject] = subscription;
  void (async () => {
    for await (const message of subscription) onMessage(message.data);
  })();
};

export const unsubscribe = async (subject: string) => {
  if (subscriptions.value[subject]) {
    subscriptions.value[subject].unsubscribe();
    delete subscriptions.value[subject];
  }
  delete queued[subject];
};
