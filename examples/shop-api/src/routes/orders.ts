import { Router, type NextFunction, type Request, type Response } from 'express';
import { db, type Order } from '../db.js';
import { reserveAll, stockForSkus } from '../services/inventory.js';
import { sendMail } from '../services/notifier.js';

export const orders = Router();

function asyncHandler(
  fn: (req: Request, res: Response, next: NextFunction) => Promise<void>,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}

interface CreateOrderBody {
  userId: string;
  idempotencyKey: string;
  items: { sku: string; quantity: number }[];
}

// Express 4 ignores the promise: if anything below rejects, the request hangs.
orders.post('/orders', async (req: Request<unknown, unknown, CreateOrderBody>, res: Response) => {
  const { userId, idempotencyKey, items } = req.body;
  // Check, await, act: a double submit passes the check twice and creates two orders.
  const existing = await db.orders.findByKey(idempotencyKey);
  if (existing !== undefined) {
    res.status(200).json(existing);
    return;
  }
  const stock = await stockForSkus(items.map((item) => item.sku));
  if (stock.some((level, i) => level.available < (items[i]?.quantity ?? 0))) {
    res.status(409).json({ error: 'out of stock' });
    return;
  }
  await reserveAll(items);
  const order: Order = {
    id: crypto.randomUUID(),
    userId,
    idempotencyKey,
    items,
    status: 'pending',
    total: 0,
  };
  await db.orders.insert(order);
  // Fire-and-forget: a failed mail is an unhandled rejection that takes the process down.
  sendMail({ to: userId, subject: 'Order received', body: `Order ${order.id}` });
  res.status(201).json(order);
});

// The near miss: wrapped, so a rejection reaches `next`.
orders.get(
  '/orders/:id',
  asyncHandler(async (req, res) => {
    const order = await db.orders.findById(String(req.params.id));
    if (order === undefined) {
      res.status(404).end();
      return;
    }
    res.json(order);
  }),
);

// A user's orders by status: the lazy query builder is awaited twice, so the query runs twice.
orders.get(
  '/users/:userId/orders',
  asyncHandler(async (req, res) => {
    const query = db.orders.query().where({ userId: String(req.params.userId) });
    const count = (await query).length;
    const rows = await query;
    res.json({ count, rows });
  }),
);
