import { Router, type Request, type Response } from 'express';
import { db } from '../db.js';
import { sendMail } from '../services/notifier.js';

export const payments = Router();

interface Charge {
  id: string;
  amount: number;
}

async function chargeCard(orderId: string, amount: number): Promise<Charge> {
  const response = await fetch('https://payments.example/charges', {
    method: 'POST',
    body: JSON.stringify({ orderId, amount }),
  });
  if (!response.ok) throw new Error(`charge failed with ${response.status}`);
  return (await response.json()) as Charge;
}

async function recordAudit(event: string): Promise<void> {
  await fetch('https://audit.example/events', { method: 'POST', body: event });
}

// An in-memory lock: with two instances behind the load balancer, both charge the card.
const paying = new Map<string, boolean>();

payments.post('/orders/:id/pay', async (req: Request, res: Response, next) => {
  const orderId = String(req.params.id);
  if (paying.get(orderId) === true) {
    res.status(409).json({ error: 'payment in progress' });
    return;
  }
  paying.set(orderId, true);
  try {
    const order = await db.orders.findById(orderId);
    if (order === undefined || order.status !== 'pending') {
      res.status(404).end();
      return;
    }
    const charge = await chargeCard(order.id, order.total);
    await db.orders.update(order.id, { status: 'paid' });
    res.json(charge);
  } catch (error) {
    next(error);
  } finally {
    paying.delete(orderId);
  }
});

/** Charges with a fallback: the `return` without `await` lets a rejection skip the `catch`. */
export async function chargeWithFallback(orderId: string, amount: number): Promise<Charge> {
  try {
    return chargeCard(orderId, amount);
  } catch {
    return { id: 'manual-review', amount };
  }
}

/** The near miss: awaited inside `try`, so the `catch` runs. */
export async function chargeOrReview(orderId: string, amount: number): Promise<Charge> {
  try {
    return await chargeCard(orderId, amount);
  } catch {
    return { id: 'manual-review', amount };
  }
}

/** Starts the audit write early, awaits the charge, then the audit: if the audit fails first, nobody handles it. */
export async function chargeAndAudit(orderId: string, amount: number): Promise<Charge> {
  const audit = recordAudit(`charge ${orderId}`);
  const charge = await chargeCard(orderId, amount);
  await audit;
  return charge;
}

/** The near miss: both started together and awaited together. */
export async function chargeAndAuditTogether(orderId: string, amount: number): Promise<Charge> {
  const [charge] = await Promise.all([chargeCard(orderId, amount), recordAudit(`charge ${orderId}`)]);
  return charge;
}

/** Refunds: a wrapper around a promise the async executor cannot settle on error. */
export function refund(chargeId: string): Promise<void> {
  return new Promise(async (resolve) => {
    await fetch(`https://payments.example/charges/${chargeId}/refund`, { method: 'POST' });
    resolve();
  });
}

/**
 * Receipts for an uploaded list (one address a line): one mail per line, all at once, and every failure is caught and
 * dropped, so nobody learns which mails did not go out.
 */
export async function sendReceipts(addressList: string): Promise<void> {
  const emails = addressList.split('\n').filter((line) => line.trim() !== '');
  await Promise.all(
    emails.map((to) => sendMail({ to, subject: 'Receipt', body: 'Thanks' }).catch(() => undefined)),
  );
}
