import { Counter, Gauge, Histogram, type Metrics } from '@shopgraph/platform';

/** Subscription metrics; every label is bounded (transports, schema fields, fixed reasons). */
export interface SubscriptionMetrics {
  readonly connections: Gauge<'transport'>;
  readonly subscriptions: Gauge<'field'>;
  readonly eventsRouted: Counter<'field'>;
  readonly payloads: Counter<'field'>;
  readonly executions: Counter<'field'>;
  readonly drops: Counter<'reason'>;
  readonly latency: Histogram<'field'>;
  readonly consumerRunning: Gauge;
}

/** Why a subscription, a connection or an event was dropped (the `reason` label). */
export type DropReason =
  'slow_client' | 'token_expired' | 'limit' | 'drain' | 'duplicate_event' | 'bad_event' | 'refused';

const REASONS: readonly DropReason[] = [
  'slow_client',
  'token_expired',
  'limit',
  'drain',
  'duplicate_event',
  'bad_event',
  'refused',
];

/** The metrics, every series present from the start (0), so dashboards and alerts see them. */
export function subscriptionMetrics(metrics: Metrics, fields: readonly string[]): SubscriptionMetrics {
  const m = create(metrics);
  for (const transport of ['ws', 'sse']) m.connections.set({ transport }, 0);
  for (const field of fields) {
    m.subscriptions.set({ field }, 0);
    m.eventsRouted.inc({ field }, 0);
    m.payloads.inc({ field }, 0);
    m.executions.inc({ field }, 0);
    m.latency.zero({ field });
  }
  for (const reason of REASONS) m.drops.inc({ reason }, 0);
  m.consumerRunning.set(0);
  return m;
}

function create(metrics: Metrics): SubscriptionMetrics {
  const registers = [metrics.registry];
  return {
    connections: new Gauge({
      name: 'shopgraph_gateway_subscription_connections',
      help: 'Open subscription connections, by transport (ws, sse).',
      labelNames: ['transport'] as const,
      registers,
    }),
    subscriptions: new Gauge({
      name: 'shopgraph_gateway_subscriptions',
      help: 'Open subscriptions, by Subscription field.',
      labelNames: ['field'] as const,
      registers,
    }),
    eventsRouted: new Counter({
      name: 'shopgraph_gateway_subscription_events_routed_total',
      help: 'Kafka events routed to at least one open subscription, by Subscription field.',
      labelNames: ['field'] as const,
      registers,
    }),
    payloads: new Counter({
      name: 'shopgraph_gateway_subscription_payloads_total',
      help: 'Subscription payloads handed to a transport, by Subscription field.',
      labelNames: ['field'] as const,
      registers,
    }),
    executions: new Counter({
      name: 'shopgraph_gateway_subscription_executions_total',
      help: 'Federated executions of event payloads (one per event per group of identical subscriptions), by Subscription field.',
      labelNames: ['field'] as const,
      registers,
    }),
    drops: new Counter({
      name: 'shopgraph_gateway_subscription_drops_total',
      help: 'Subscriptions, connections or events dropped, by reason.',
      labelNames: ['reason'] as const,
      registers,
    }),
    latency: new Histogram({
      name: 'shopgraph_gateway_subscription_event_to_payload_seconds',
      help: 'From the event time in its envelope to the payload it caused being sent, by Subscription field.',
      labelNames: ['field'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    consumerRunning: new Gauge({
      name: 'shopgraph_gateway_subscription_consumer_running',
      help: '1 while the gateway process consumes Kafka for subscriptions (some subscription open), else 0.',
      registers,
    }),
  };
}
