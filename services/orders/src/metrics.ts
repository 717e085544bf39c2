import { Counter, Gauge, Histogram, type Metrics, type ServiceDeps } from '@shopgraph/platform';
import type { Order } from './domain/model.ts';
import type { OrderEffects } from './domain/changes.ts';
import { endsCheckout, type OrderStatus } from './domain/lifecycle.ts';

const observers = new WeakMap<Metrics, OrderEffects['observe']>();

/**
 * shopgraph_orders_transitions_total{from,to} (from="none" for a new order) and
 * shopgraph_checkout_duration_seconds{outcome}: placeOrder to the first status after PENDING.
 * Counted when the transition is written; a transaction that rolls back afterwards (rare: the
 * inbox insert or commit failing) is counted once more when its event is redelivered.
 * One pair per registry: the request path and the consumer share them.
 */
export function orderMetrics(metrics: Metrics): OrderEffects['observe'] {
  const known = observers.get(metrics);
  if (known) return known;
  const transitions = new Counter({
    name: 'shopgraph_orders_transitions_total',
    help: 'Order status transitions by previous and new status (from="none": placed).',
    labelNames: ['from', 'to'] as const,
    registers: [metrics.registry],
  });
  const checkout = new Histogram({
    name: 'shopgraph_checkout_duration_seconds',
    help: 'Time from placeOrder to the end of checkout (CONFIRMED, REJECTED, PAYMENT_FAILED, CANCELLED, SHIPPED), by outcome.',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers: [metrics.registry],
  });
  const observe = (from: OrderStatus | null, to: OrderStatus, order: Order) => {
    transitions.inc({ from: from ?? 'none', to });
    if (from !== null && endsCheckout(from, to))
      checkout.observe({ outcome: to }, Math.max(0, (Date.now() - order.createdAt.getTime()) / 1000));
  };
  observers.set(metrics, observe);
  return observe;
}

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
