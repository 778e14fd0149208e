// Email notifier over an SMTP-like transport that emits events.
import { EventEmitter } from 'node:events';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

class Transport extends EventEmitter {
  send(mail: Mail): void {
    setImmediate(() => this.emit('sent', mail.to));
  }
}

const transport = new Transport();

/** Sends and waits for the transport's confirmation. Adds a listener per call and never removes it. */
export function sendMail(mail: Mail): Promise<void> {
  return new Promise((resolve, reject) => {
    transport.on('sent', (to: string) => {
      if (to === mail.to) resolve();
    });
    transport.on('error', reject);
    transport.send(mail);
  });
}

/** The same with `once` and cleanup on both paths (the near miss). */
export function sendMailOnce(mail: Mail): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      transport.off('sent', onSent);
      reject(error);
    };
    const onSent = (): void => {
      transport.off('error', onError);
      resolve();
    };
    transport.once('sent', onSent);
    transport.once('error', onError);
    transport.send(mail);
  });
}

/** Gives up after `ms`, but the timer keeps running after the mail was sent. */
export async function sendWithTimeout(mail: Mail, ms: number): Promise<void> {
  await Promise.race([
    sendMail(mail),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('mail timed out')), ms)),
  ]);
}

/** Sends a newsletter: `forEach` ignores the async callback's promise, so failures are unhandled. */
export function sendNewsletter(recipients: string[], body: string): void {
  recipients.forEach(async (to) => {
    await sendMail({ to, subject: 'News', body });
  });
}

/** Retries a send after a delay. */
export function retryLater(mail: Mail): void {
  setTimeout(async () => {
    await sendMail(mail);
  }, 60_000);
}

/** Sends, retrying up to three times with a growing pause between attempts. */
export async function sendWithRetry(mail: Mail): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await sendMailOnce(mail);
    } catch (error) {
      if (attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}
