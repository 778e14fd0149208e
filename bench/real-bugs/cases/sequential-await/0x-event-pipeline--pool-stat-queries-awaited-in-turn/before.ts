// Case: 0xProject/0x-event-pipeline, fix commit 1f24d4c1dbb11504437195fd5c38abc39de5d802 ("try making promises run
// in parallel"; https://github.com/0xProject/0x-event-pipeline/pull/71), file staking-api/src/query_runner.ts.
// The code just before the fix, rewritten in our own code: an API method that lists the staking pools with their
// statistics ran five independent report queries one after another, each on the shared connection, although no query
// reads another's rows; only the last step (prices for the staked amounts) needs its own query's result.
export interface Connection {
  query(sql: string, parameters?: readonly unknown[]): Promise<any>;
}

declare function openConnection(): Promise<Connection>;

let shared: Connection | undefined;

/** The process's one database connection, opened on first use. */
export async function connectionOf(): Promise<Connection> {
  if (!shared) shared = await openConnection();
  return shared;
}

interface PoolRow {
  readonly pool_id: string;
  readonly operator: string;
}

interface PoolStat {
  readonly pool_id: string;
  readonly value: string;
}

export interface PoolWithStats {
  readonly id: string;
  readonly operator: string;
  readonly currentEpoch?: string | undefined;
  readonly nextEpoch?: string | undefined;
  readonly weeklyFees?: string | undefined;
  readonly averageReward?: string | undefined;
  readonly stakedInUsd?: number | undefined;
}

const SQL = {
  pools: 'SELECT pool_id, operator FROM staking.pools',
  currentEpoch: 'SELECT pool_id, value FROM staking.current_epoch_stats',
  nextEpoch: 'SELECT pool_id, value FROM staking.next_epoch_stats',
  weeklyFees: 'SELECT pool_id, value FROM staking.fees_last_7_days',
  averageRewards: 'SELECT pool_id, value FROM staking.average_rewards',
  stakedAmounts: 'SELECT pool_id, value FROM staking.all_time_staked',
};

declare function usdPricesBetween(first: string, last: string): Promise<Map<string, number>>;

function byPool(rows: readonly PoolStat[]): Map<string, string> {
  return new Map(rows.map((row) => [row.pool_id, row.value]));
}

async function stakedInUsd(rows: readonly PoolStat[]): Promise<Map<string, number>> {
  const sorted = [...rows].sort((a, b) => a.value.localeCompare(b.value));
  const prices = await usdPricesBetween(sorted[0]?.value ?? '', sorted[sorted.length - 1]?.value ?? '');
  return new Map(rows.map((row) => [row.pool_id, Number(row.value) * (prices.get(row.pool_id) ?? 0)]));
}

export class StakingQueries {
  async pools(): Promise<PoolRow[]> {
    return (await connectionOf()).query(SQL.pools);
  }

  async poolsWithStats(): Promise<PoolWithStats[]> {
    const pools = await this.pools();
    const currentEpoch: PoolStat[] = await (await connectionOf()).query(SQL.currentEpoch);
    const nextEpoch: PoolStat[] = await (await connectionOf()).query(SQL.nextEpoch);
    const weeklyFees: PoolStat[] = await (await connectionOf()).query(SQL.weeklyFees);
    const averageRewards: PoolStat[] = await (await connectionOf()).query(SQL.averageRewards);
    const stakedAmounts: PoolStat[] = await (await connectionOf()).query(SQL.stakedAmounts);

    const staked = await stakedInUsd(stakedAmounts);
    const current = byPool(currentEpoch);
    const next = byPool(nextEpoch);
    const fees = byPool(weeklyFees);
    const rewards = byPool(averageRewards);
    return pools.map((pool) => ({
      id: pool.pool_id,
      operator: pool.operator,
      currentEpoch: current.get(pool.pool_id),
      nextEpoch: next.get(pool.pool_id),
      weeklyFees: fees.get(pool.pool_id),
      averageReward: rewards.get(pool.pool_id),
      stakedInUsd: staked.get(pool.pool_id),
    }));
  }
}
