import { Counter, Gauge, Histogram, type Registry } from '@shopgraph/platform';

// Relay and consumers of one service share its registry: each metric is created once per registry.
function once<M>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}

/** Outbox and relay metrics (SRE: pending rows and oldest age alert on a stuck relay). */
export function relayMetrics(registry: Registry) {
  const registers = [registry];
  return {
    pending: once(
      registry,
      'shopgraph_events_outbox_pending',
      () =>
        new Gauge({
          name: 'shopgraph_events_outbox_pending',
          help: 'Outbox rows not yet published.',
          registers,
        }),
    ),
    oldestAge: once(
      registry,
      'shopgraph_events_outbox_oldest_age_seconds',
      () =>
        new Gauge({
          name: 'shopgraph_events_outbox_oldest_age_seconds',
          help: 'Age of the oldest unpublished outbox row (0 when none).',
          registers,
        }),
    ),
    leader: once(
      registry,
      'shopgraph_events_relay_leader',
      () =>
        new Gauge({
          name: 'shopgraph_events_relay_leader',
          help: '1 while this process holds the relay lock and publishes.',
          registers,
        }),
    ),
    published: once(
      registry,
      'shopgraph_events_published_total',
      () =>
        new Counter({
          name: 'shopgraph_events_published_total',
          help: 'Events published to Kafka, by type.',
          labelNames: ['type'] as const,
          registers,
        }),
    ),
    publishErrors: once(
      registry,
      'shopgraph_events_publish_errors_total',
      () =>
        new Counter({
          name: 'shopgraph_events_publish_errors_total',
          help: 'Failed publish attempts (the relay backs off and retries).',
          registers,
        }),
    ),
    publishLatency: once(
      registry,
      'shopgraph_events_publish_latency_seconds',
      () =>
        new Histogram({
          name: 'shopgraph_events_publish_latency_seconds',
          help: 'From outbox write to broker acknowledgement.',
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
          registers,
        }),
    ),
    pruned: once(
      registry,
      'shopgraph_events_outbox_pruned_total',
      () =>
        new Counter({
          name: 'shopgraph_events_outbox_pruned_total',
          help: 'Published outbox rows deleted after retention.',
          registers,
        }),
    ),
  };
}
export type RelayMetrics = ReturnType<typeof relayMetrics>;

/** Consumer metrics, labelled by consumer (service) group and event type. */
export function consumerMetrics(registry: Registry) {
  const registers = [registry];
  const byType = ['consumer', 'type'] as const;
  return {
    consumed: once(
      registry,
      'shopgraph_events_consumed_total',
      () =>
        new Counter({
          name: 'shopgraph_events_consumed_total',
          help: 'Events whose effects were committed, by type.',
          labelNames: byType,
          registers,
        }),
    ),
    deduplicated: once(
      registry,
      'shopgraph_events_deduplicated_total',
      () =>
        new Counter({
          name: 'shopgraph_events_deduplicated_total',
          help: 'Redelivered events skipped (already in the inbox).',
          labelNames: byType,
          registers,
        }),
    ),
    deadLettered: once(
      registry,
      'shopgraph_events_dead_lettered_total',
      () =>
        new Counter({
          name: 'shopgraph_events_dead_lettered_total',
          help: 'Events sent to the dead-letter topic.',
          labelNames: byType,
          registers,
        }),
    ),
    skipped: once(
      registry,
      'shopgraph_events_skipped_total',
      () =>
        new Counter({
          name: 'shopgraph_events_skipped_total',
          help: 'Events with no handler here (unknown type or version).',
          labelNames: byType,
          registers,
        }),
    ),
    handlerErrors: once(
      registry,
      'shopgraph_events_handler_errors_total',
      () =>
        new Counter({
          name: 'shopgraph_events_handler_errors_total',
          help: 'Handler attempts that failed with a permanent error (retried maxAttempts times, then dead-lettered).',
          labelNames: byType,
          registers,
        }),
    ),
    transientRetries: once(
      registry,
      'shopgraph_events_transient_retries_total',
      () =>
        new Counter({
          name: 'shopgraph_events_transient_retries_total',
          help: 'Transient failures (database unreachable, deadlock, lock or statement timeout, pool exhausted): the partition was paused and its messages are retried, never dead-lettered.',
          labelNames: ['consumer', 'topic'] as const,
          registers,
        }),
    ),
    pausedPartitions: once(
      registry,
      'shopgraph_events_paused_partitions',
      () =>
        new Gauge({
          name: 'shopgraph_events_paused_partitions',
          help: 'Partitions paused now, waiting to retry after a transient failure (stuck above 0: an outage or a retried bug).',
          labelNames: ['consumer'] as const,
          registers,
        }),
    ),
    lag: once(
      registry,
      'shopgraph_events_consumer_lag',
      () =>
        new Gauge({
          name: 'shopgraph_events_consumer_lag',
          help: 'Messages behind the partition end after the last batch.',
          labelNames: ['consumer', 'topic', 'partition'] as const,
          registers,
        }),
    ),
    latency: once(
      registry,
      'shopgraph_events_end_to_end_seconds',
      () =>
        new Histogram({
          name: 'shopgraph_events_end_to_end_seconds',
          help: 'From the event time (outbox write) to its effects committed by this consumer.',
          labelNames: ['consumer'] as const,
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
          registers,
        }),
    ),
  };
}
export type ConsumerMetrics = ReturnType<typeof consumerMetrics>;
