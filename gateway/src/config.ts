import { fileURLToPath } from 'node:url';
import { commonConfigSpec, jwtVerifierConfigSpec, parse, type ConfigKey } from '@shopgraph/platform';

const defaultSupergraph = fileURLToPath(new URL('../../supergraph/supergraph.graphql', import.meta.url));

/**
 * Gateway configuration. Subgraph URLs come from the supergraph; `SUBGRAPH_<NAME>_URL`
 * (e.g. SUBGRAPH_BRANDS_URL) overrides one, as a cluster does with its service names.
 */
export const configSpec = {
  ...commonConfigSpec('GATEWAY', 4000),
  /** JWT_PUBLIC_KEY, JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_TOLERANCE_SECONDS: see auth.ts. */
  ...jwtVerifierConfigSpec,
  supergraphPath: {
    env: 'SUPERGRAPH_PATH',
    doc: 'composed supergraph SDL file; re-read when it changes',
    default: defaultSupergraph,
    parse: parse.string,
  } satisfies ConfigKey<string>,
  subgraphTimeoutMs: {
    env: 'SUBGRAPH_TIMEOUT_MS',
    doc: 'per-subgraph request timeout; a slow subgraph yields partial data with an error',
    default: 5_000,
    parse: parse.int(1, 120_000),
  } satisfies ConfigKey<number>,
  apolloTelemetry: {
    env: 'APOLLO_GATEWAY_TELEMETRY',
    doc: "send @apollo/gateway's anonymous usage metrics to Apollo (off: no traffic leaves the cluster)",
    default: false,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  introspection: {
    env: 'GRAPHQL_INTROSPECTION',
    doc: 'allow introspection queries (turn off in production)',
    default: process.env['NODE_ENV'] !== 'production',
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  /** Fetch path (fetch-path.ts); each switch exists to measure it and to compare with stock. */
  fetchPool: {
    env: 'GATEWAY_FETCH_POOL',
    doc: 'call subgraphs through an undici keep-alive pool per subgraph (false: stock RemoteGraphQLDataSource)',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  subgraphConnections: {
    env: 'SUBGRAPH_MAX_CONNECTIONS',
    doc: 'most open connections from one gateway process to one subgraph',
    default: 64,
    parse: parse.int(1, 4_096),
  } satisfies ConfigKey<number>,
  dedupFetches: {
    env: 'GATEWAY_DEDUP_FETCHES',
    doc: 'identical subgraph query fetches in flight (same subgraph, body, identity) share one call',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  dedupRepresentations: {
    env: 'GATEWAY_DEDUP_REPRESENTATIONS',
    doc: 'repeated entity representations in one subgraph fetch are sent once',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  dedupRequests: {
    env: 'GATEWAY_DEDUP_REQUESTS',
    doc: 'identical query operations in flight (same document, variables, identity) execute once',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
};
