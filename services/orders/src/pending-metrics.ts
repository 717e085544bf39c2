import { Gauge, type ServiceDeps } from '@shopgraph/platform';

const SQL = `SELECT count(*)::int AS n,
    COALESCE(extract(epoch FROM clock_timestamp() - min(created_at)), 0)::float8 AS age
  FROM orders WHERE status = 'PENDING'`;

/**
 * shopgraph_orders_pending and shopgraph_orders_pending_oldest_age_seconds, read from the database
 * at scrape time (the partial index orders_pending_created keeps it cheap), so they are right
 * across restarts and replicas: the "orders stuck PENDING" panel and alert read them.
 */
export function pendingOrderGauges(deps: Pick<ServiceDeps, 'pool' | 'metrics'>): void {
  let last: Promise<{ n: number; age: number }> | undefined;
  // One query per scrape serves both gauges.
  const read = () =>
    (last ??= deps.pool
      .query<{ n: number; age: number }>(SQL)
      .then((r) => r.rows[0] ?? { n: 0, age: 0 })
      // Database unreachable: NaN (a gap on the panel) instead of failing the whole scrape.
      .catch(() => ({ n: Number.NaN, age: Number.NaN }))
      .finally(() => setImmediate(() => (last = undefined))));
  new Gauge({
    name: 'shopgraph_orders_pending',
    help: 'Orders in status PENDING now.',
    registers: [deps.metrics.registry],
    async collect() {
      this.set((await read()).n);
    },
  });
  new Gauge({
    name: 'shopgraph_orders_pending_oldest_age_seconds',
    help: 'Age of the oldest PENDING order (0 when none).',
    registers: [deps.metrics.registry],
    async collect() {
      this.set((await read()).age);
    },
  });
}
