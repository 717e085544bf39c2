import type { GraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';
import type {
  GatewayExecutor,
  GatewayGraphQLResponse,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import {
  Histogram,
  inSpan,
  SpanKind,
  telemetryEnabled,
  type Attributes,
  type Metrics,
} from '@shopgraph/platform';
import type { GatewayContext } from './auth.ts';

/** `ok`; `graphql_error`: the subgraph answered with errors; `error`: no usable answer (transport, HTTP, timeout). */
export type SubgraphFetchStatus = 'ok' | 'graphql_error' | 'error';

/** Where one subgraph fetch sits in the query plan (span attributes only; never metric labels). */
export interface PlanStep {
  /** The fetch's operation name from the planner, e.g. `CatalogListing__inventory__2`. */
  readonly operationName?: string | undefined;
  /** Response path the fetch fills, e.g. `products.edges.@.node`. */
  readonly path?: readonly (string | number)[] | undefined;
}

const HISTOGRAM = 'shopgraph_gateway_subgraph_fetch_duration_seconds';
const MAX_NAME = 64;

function fetchHistogram(metrics: Metrics): Histogram<'subgraph' | 'status'> {
  const existing = metrics.registry.getSingleMetric(HISTOGRAM) as
    Histogram<'subgraph' | 'status'> | undefined;
  return (
    existing ??
    new Histogram({
      name: HISTOGRAM,
      help: 'Gateway to subgraph fetch duration by subgraph and outcome (ok|graphql_error|error).',
      labelNames: ['subgraph', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [metrics.registry],
    })
  );
}

function stepAttributes(subgraph: string, step: PlanStep | undefined): Attributes {
  const attrs: Attributes = { 'graphql.subgraph.name': subgraph };
  const op = step?.operationName;
  if (op) {
    attrs['graphql.plan.operation'] = op.slice(0, 256);
    const index = /__(\d+)$/.exec(op)?.[1];
    if (index !== undefined) attrs['graphql.plan.step'] = Number(index);
  }
  if (step?.path && step.path.length > 0)
    attrs['graphql.plan.path'] = step.path.map((k) => (typeof k === 'number' ? '@' : k)).join('.');
  return attrs;
}

const responseStatus = (r: GatewayGraphQLResponse): SubgraphFetchStatus =>
  r.errors && r.errors.length > 0 ? 'graphql_error' : 'ok';

export interface GatewayTelemetry {
  /**
   * Wraps one subgraph call: a CLIENT span `subgraph <name>` (child of the operation span; the
   * HTTP client span below it carries the W3C traceparent to the subgraph) and one observation
   * of shopgraph_gateway_subgraph_fetch_duration_seconds{subgraph,status}. For fetchers that do
   * not go through `buildService`; `statusOf` classifies a resolved answer (default `ok`).
   */
  fetch<T>(
    subgraph: string,
    step: PlanStep | undefined,
    call: () => Promise<T>,
    statusOf?: (result: T) => SubgraphFetchStatus,
  ): Promise<T>;
  /** Wraps ApolloGateway's `buildService` so every data source's fetches go through `fetch`. */
  buildService(
    build: (definition: ServiceEndpointDefinition) => GraphQLDataSource<GatewayContext>,
  ): (definition: ServiceEndpointDefinition) => GraphQLDataSource<GatewayContext>;
  /** Wraps the gateway handed to Apollo Server: one span per executed operation, named by it. */
  operations(gateway: GatewayInterface): GatewayInterface;
}

/** The gateway's tracing and subgraph-fetch metrics; spans only when tracing is on (telemetryEnabled). */
export function gatewayTelemetry(metrics: Metrics, tracing = telemetryEnabled()): GatewayTelemetry {
  const histogram = fetchHistogram(metrics);

  async function timed<T>(
    subgraph: string,
    call: () => Promise<T>,
    statusOf?: (r: T) => SubgraphFetchStatus,
  ) {
    const started = performance.now();
    let status: SubgraphFetchStatus = 'error';
    try {
      const result = await call();
      status = statusOf ? statusOf(result) : 'ok';
      return result;
    } finally {
      histogram.observe({ subgraph, status }, (performance.now() - started) / 1000);
    }
  }

  const fetch: GatewayTelemetry['fetch'] = (subgraph, step, call, statusOf) =>
    tracing
      ? inSpan(
          `subgraph ${subgraph}`,
          { kind: SpanKind.CLIENT, attributes: stepAttributes(subgraph, step) },
          (span) =>
            timed(subgraph, call, (r) => {
              const status = statusOf ? statusOf(r) : 'ok';
              span.setAttribute('graphql.subgraph.status', status);
              return status;
            }),
        )
      : timed(subgraph, call, statusOf);

  return {
    fetch,
    buildService: (build) => (definition) => {
      const source = build(definition);
      return {
        process: (options) =>
          'incomingRequestContext' in options // an operation's fetch, not a health check
            ? fetch(
                definition.name,
                { operationName: options.request.operationName, path: options.pathInIncomingRequest },
                () => source.process(options),
                responseStatus,
              )
            : source.process(options),
      };
    },
    operations: (gateway) => (tracing ? tracedOperations(gateway) : gateway),
  };
}

function tracedOperations(gateway: GatewayInterface): GatewayInterface {
  const wrap =
    (executor: GatewayExecutor): GatewayExecutor =>
    (requestContext) => {
      const name = requestContext.operationName ?? 'anonymous';
      const type = requestContext.operation?.operation ?? 'query';
      return inSpan(
        name.slice(0, MAX_NAME),
        { attributes: { 'graphql.operation.name': name.slice(0, 256), 'graphql.operation.type': type } },
        () => executor(requestContext),
      );
    };
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: loaded.executor && wrap(loaded.executor) };
    },
  };
}
