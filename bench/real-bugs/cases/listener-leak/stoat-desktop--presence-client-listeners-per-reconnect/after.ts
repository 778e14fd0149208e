// Case: stoatchat/for-desktop, fix commit 96fa8cc647029cb53e5d619b94debc6cdfdf32f6 ("fix: event listener accumulation
// from rpc client", https://github.com/stoatchat/for-desktop/pull/26). Rewritten in our own code: the fixed form removes the previous
// client's listeners before it builds the next one.
import { PresenceClient } from 'presence-rpc';

let client: PresenceClient | undefined;
let enabled = true;

export async function startPresence(): Promise<void> {
  if (!enabled) return;

  // drop the listeners of the client this one replaces
  client?.removeAllListeners();

  try {
    client = new PresenceClient({ transport: 'ipc' });

    client.on('ready', () => client?.setActivity({ state: 'online', details: 'Chatting' }));

    client.on('disconnected', scheduleReconnect);

    await client.login({ clientId: 'presence-app' });
  } catch {
    scheduleReconnect();
  }
}

const scheduleReconnect = () => setTimeout(() => void startPresence(), 10_000);

export async function stopPresence(): Promise<void> {
  enabled = false;
  await client?.destroy();
}
