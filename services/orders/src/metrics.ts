import { Counter, Histogram, type Metrics } from '@shopgraph/platform';
import type { Order } from './data/order-repository.ts';
import type { OrderEffects } from './domain/effects.ts';
import { endsCheckout, type OrderStatus } from './domain/lifecycle.ts';

/**
 * shopgraph_orders_transitions_total{from,to} (from="none" for a new order) and
 * shopgraph_checkout_duration_seconds{outcome}: placeOrder to the first status after PENDING.
 * Counted when the transition is written; a transaction that rolls back afterwards (rare: the
 * inbox insert or commit failing) is counted once more when its event is redelivered.
 */
export function orderMetrics(metrics: Metrics): OrderEffects['observe'] {
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
  return (from: OrderStatus | null, to: OrderStatus, order: Order) => {
    transitions.inc({ from: from ?? 'none', to });
    if (from !== null && endsCheckout(from, to))
      checkout.observe({ outcome: to }, Math.max(0, (Date.now() - order.createdAt.getTime()) / 1000));
  };
}
