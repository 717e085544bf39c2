import type { KeyObject } from 'node:crypto';
import type { GraphQLDataSource, ServiceEndpointDefinition } from '@apollo/gateway';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { Counter, type Metrics } from '@shopgraph/platform';
import { identityHeaders, type GatewayContext } from './auth.ts';
import { dedupRequests } from './dedup-requests.ts';
import { SubgraphPools } from './fetch-pool.ts';
import { FetchSource, type CallGuard } from './fetch-source.ts';
import { subgraphSource, urlOverrideEnv } from './subgraph-source.ts';

export interface FetchPathConfig {
  readonly fetchPool: boolean;
  readonly subgraphConnections: number;
  readonly subgraphTimeoutMs: number;
  readonly dedupFetches: boolean;
  readonly dedupRepresentations: boolean;
  readonly dedupRequests: boolean;
  /** Signs the identity tokens subgraphs verify (null: every subgraph call is anonymous). */
  readonly identityPrivateKey: KeyObject | null;
}

export interface FetchPath {
  /** ApolloGateway's `buildService`. */
  buildService(definition: ServiceEndpointDefinition): GraphQLDataSource<GatewayContext>;
  /** Wraps the gateway handed to Apollo Server (inbound deduplication when on). */
  wrap(gateway: GatewayInterface): GatewayInterface;
  /** Closes the subgraph connection pools. */
  close(): Promise<void>;
}

/**
 * How the gateway reaches its subgraphs, with the speed switches of config.ts: undici pools,
 * in-flight deduplication of subgraph fetches and of inbound operations, deduplicated entity
 * representations. `guard` wraps each subgraph call (resilience). Counts what it saves.
 */
export function createFetchPath(config: FetchPathConfig, metrics: Metrics, guard?: CallGuard): FetchPath {
  const fetches = new Counter({
    name: 'shopgraph_gateway_subgraph_fetches_total',
    help: 'Subgraph fetches by subgraph; shared="true" joined an identical fetch in flight instead of calling.',
    labelNames: ['subgraph', 'shared'] as const,
    registers: [metrics.registry],
  });
  const executions = new Counter({
    name: 'shopgraph_gateway_executions_total',
    help: 'Operations executed; shared="true" joined an identical operation in flight instead of executing.',
    labelNames: ['shared'] as const,
    registers: [metrics.registry],
  });
  const pools = new SubgraphPools({
    connections: config.subgraphConnections,
    timeoutMs: config.subgraphTimeoutMs,
  });
  const identityHeader = identityHeaders(config.identityPrivateKey);
  const onFetch = (subgraph: string, shared: boolean) => fetches.inc({ subgraph, shared: String(shared) });
  return {
    buildService({ name, url }) {
      if (!config.fetchPool) return subgraphSource(name, url, config.subgraphTimeoutMs, identityHeader);
      const target = process.env[urlOverrideEnv(name)] ?? url;
      if (target === undefined) throw new Error(`subgraph ${name} has no URL: set ${urlOverrideEnv(name)}`);
      return new FetchSource({
        name,
        url: target,
        pools,
        identityHeader,
        optimisations: {
          dedupFetches: config.dedupFetches,
          dedupRepresentations: config.dedupRepresentations,
        },
        onFetch,
        ...(guard ? { guard } : {}),
      });
    },
    wrap: (gateway) =>
      config.dedupRequests
        ? dedupRequests(gateway, (shared) => executions.inc({ shared: String(shared) }))
        : gateway,
    close: () => pools.close(),
  };
}
