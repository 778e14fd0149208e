import { db, type Order } from '../db.js';

function score(order: Order): number {
  let total = 0;
  for (const item of order.items) total += item.quantity * item.sku.length;
  return total;
}

/** Rebuilds the search index from every order in one synchronous pass: the server answers nothing meanwhile. */
export async function reindex(): Promise<Map<string, number>> {
  const all = await db.orders.query();
  const index = new Map<string, number>();
  for (const order of all) {
    let weight = 0;
    for (let round = 0; round < 1000; round++) weight += score(order) % (round + 1);
    index.set(order.id, weight);
  }
  return index;
}

/** Marks shipped orders; the loop body depends on nothing but its own order, one await at a time. */
export async function markShipped(ids: string[]): Promise<void> {
  for (const id of ids) {
    await db.orders.update(id, { status: 'shipped' });
  }
}
