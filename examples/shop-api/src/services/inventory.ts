// Inventory: stock levels from the warehouse service.

export interface StockLevel {
  sku: string;
  available: number;
}

const warehouseUrl = process.env.WAREHOUSE_URL ?? 'http://warehouse.internal';

export async function fetchStock(sku: string): Promise<StockLevel> {
  const response = await fetch(`${warehouseUrl}/stock/${encodeURIComponent(sku)}`);
  if (!response.ok) throw new Error(`warehouse answered ${response.status} for ${sku}`);
  return (await response.json()) as StockLevel;
}

/** Stock for a whole catalogue page: one request per SKU, all at once, however many SKUs there are. */
export async function stockForSkus(skus: string[]): Promise<StockLevel[]> {
  return Promise.all(skus.map((sku) => fetchStock(sku)));
}

/** Stock for a fixed pair (the near miss: two known requests in parallel are fine). */
export async function stockForPair(first: string, second: string): Promise<[StockLevel, StockLevel]> {
  return Promise.all([fetchStock(first), fetchStock(second)]);
}

/** Reserves each line of an order, one request after another though they are independent. */
export async function reserveAll(items: { sku: string; quantity: number }[]): Promise<void> {
  for (const item of items) {
    await fetch(`${warehouseUrl}/reserve`, {
      method: 'POST',
      body: JSON.stringify(item),
    });
  }
}

/** Pages through the warehouse feed: each request needs the cursor of the previous one (the near miss). */
export async function allStock(): Promise<StockLevel[]> {
  const levels: StockLevel[] = [];
  let cursor: string | undefined;
  do {
    const response = await fetch(`${warehouseUrl}/stock?cursor=${cursor ?? ''}`);
    const page = (await response.json()) as { levels: StockLevel[]; next?: string };
    levels.push(...page.levels);
    cursor = page.next;
  } while (cursor !== undefined);
  return levels;
}

/** Stock report for the first 20 SKUs: the SKUs whose request failed vanish from the report without a trace. */
export async function stockReport(skus: string[]): Promise<string[]> {
  const results = await Promise.allSettled(skus.slice(0, 20).map((sku) => fetchStock(sku)));
  return results.filter((r) => r.status === 'fulfilled').map((r) => `${r.value.sku}: ${r.value.available}`);
}
