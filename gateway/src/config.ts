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
};
