// A tiny stand-in for a database client. `query()` returns a lazy query builder, like Knex or Mongoose queries:
// the query runs each time the builder is awaited.

export interface Order {
  id: string;
  userId: string;
  idempotencyKey: string;
  items: { sku: string; quantity: number }[];
  status: 'pending' | 'paid' | 'shipped';
  total: number;
}

export class QueryBuilder<T> implements PromiseLike<T[]> {
  private filters: Partial<T> = {};

  constructor(private readonly run: (filters: Partial<T>) => Promise<T[]>) {}

  where(filters: Partial<T>): this {
    this.filters = { ...this.filters, ...filters };
    return this;
  }

  then<R1 = T[], R2 = never>(
    onFulfilled?: ((value: T[]) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    return this.run(this.filters).then(onFulfilled, onRejected);
  }
}

const orders = new Map<string, Order>();

/** Stands for the network round trip a real database's write takes. */
const roundTrip = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const db = {
  orders: {
    query(): QueryBuilder<Order> {
      return new QueryBuilder(async (filters) =>
        [...orders.values()].filter((order) =>
          Object.entries(filters).every(([key, value]) => order[key as keyof Order] === value),
        ),
      );
    },
    async findByKey(idempotencyKey: string): Promise<Order | undefined> {
      return [...orders.values()].find((order) => order.idempotencyKey === idempotencyKey);
    },
    async findById(id: string): Promise<Order | undefined> {
      return orders.get(id);
    },
    async insert(order: Order): Promise<Order> {
      orders.set(order.id, order);
      return order;
    },
    async update(id: string, patch: Partial<Order>): Promise<void> {
      await roundTrip();
      const order = orders.get(id);
      if (order === undefined) throw new Error(`order ${id} not found`);
      orders.set(id, { ...order, ...patch });
    },
  },
};
