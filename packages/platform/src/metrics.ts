import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The metrics every workload exposes; services add their own to `registry`. */
export interface Metrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'operation' | 'status'>;
  readonly requests: Counter<'operation' | 'status'>;
}

/** Process metrics plus the GraphQL RED metrics, labelled with the service name. */
export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requestDuration = new Histogram({
    name: 'shopgraph_graphql_request_duration_seconds',
    help: 'GraphQL request duration by operation name and outcome (ok|error).',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const requests = new Counter({
    name: 'shopgraph_graphql_requests_total',
    help: 'GraphQL requests by operation name and outcome (ok|error).',
    labelNames: ['operation', 'status'] as const,
    registers: [registry],
  });
  return { registry, requestDuration, requests };
}
