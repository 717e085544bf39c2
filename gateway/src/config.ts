import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  commonConfigSpec,
  identitySignerConfigSpec,
  jwtVerifierConfigSpec,
  parse,
  workload,
  type ConfigKey,
} from '@shopgraph/platform';
import { subscriptionsConfigSpec } from './subscriptions/config.ts';

const defaultSupergraph = fileURLToPath(new URL('../../supergraph/supergraph.graphql', import.meta.url));
/** The manifests `make compose` and the storefront's codegen write, when this is a checkout. */
const repoManifests = ['../../loadtest/persisted-documents.json', '../../storefront/persisted-documents.json']
  .map((p) => fileURLToPath(new URL(p, import.meta.url)))
  .filter((p) => existsSync(p));

/**
 * Gateway configuration. Subgraph URLs come from the supergraph; `SUBGRAPH_<NAME>_URL`
 * (e.g. SUBGRAPH_BRANDS_URL) overrides one, as a cluster does with its service names.
 */
export const configSpec = {
  ...commonConfigSpec('GATEWAY', workload('gateway').port),
  /** JWT_PUBLIC_KEY, JWT_ISSUER, JWT_AUDIENCE, JWT_CLOCK_TOLERANCE_SECONDS: see auth.ts. */
  ...jwtVerifierConfigSpec,
  /** GATEWAY_IDENTITY_PRIVATE_KEY: signs the identity tokens subgraphs verify (platform identity-token.ts). */
  ...identitySignerConfigSpec,
  supergraphPath: {
    env: 'SUPERGRAPH_PATH',
    doc: 'composed supergraph SDL file; re-read when it changes',
    default: defaultSupergraph,
    parse: parse.string,
  } satisfies ConfigKey<string>,
  subgraphTimeoutMs: {
    env: 'SUBGRAPH_TIMEOUT_MS',
    doc: 'per-subgraph call timeout; a slow subgraph yields partial data with SUBGRAPH_TIMEOUT naming it',
    default: 3_000,
    parse: parse.int(1, 120_000),
  } satisfies ConfigKey<number>,
  requestDeadlineMs: {
    env: 'GATEWAY_REQUEST_DEADLINE_MS',
    doc: 'per-request deadline: subgraph calls still open then answer SUBGRAPH_TIMEOUT, later ones are not made',
    default: 5_000,
    parse: parse.int(1, 600_000),
  } satisfies ConfigKey<number>,
  breakerFailures: {
    env: 'GATEWAY_BREAKER_FAILURES',
    doc: 'consecutive failures (timeout, refused, 5xx) that open a subgraph circuit; 0 turns the breaker off',
    default: 5,
    parse: parse.int(0, 10_000),
  } satisfies ConfigKey<number>,
  breakerCooldownMs: {
    env: 'GATEWAY_BREAKER_COOLDOWN_MS',
    doc: 'how long an open circuit fails fast (SUBGRAPH_UNAVAILABLE) before one probe call goes through',
    default: 5_000,
    parse: parse.int(1, 600_000),
  } satisfies ConfigKey<number>,
  operationLimits: {
    env: 'GATEWAY_OPERATION_LIMITS',
    doc: 'check the GATEWAY_MAX_* limits below (false: none of them, e.g. to measure their cost)',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  maxDepth: {
    env: 'GATEWAY_MAX_DEPTH',
    doc: 'deepest field nesting an operation may have (OPERATION_TOO_DEEP); 0: no limit',
    default: 12,
    parse: parse.int(0, 1_000),
  } satisfies ConfigKey<number>,
  maxAliases: {
    env: 'GATEWAY_MAX_ALIASES',
    doc: 'most aliases in an operation (TOO_MANY_ALIASES); 0: no limit',
    default: 15,
    parse: parse.int(0, 10_000),
  } satisfies ConfigKey<number>,
  maxDirectives: {
    env: 'GATEWAY_MAX_DIRECTIVES',
    doc: 'most directives in an operation (TOO_MANY_DIRECTIVES); 0: no limit',
    default: 50,
    parse: parse.int(0, 10_000),
  } satisfies ConfigKey<number>,
  maxTokens: {
    env: 'GATEWAY_MAX_TOKENS',
    doc: 'most lexical tokens in a document, counted while lexing, before a full parse (TOO_MANY_TOKENS); 0: no limit',
    default: 2_000,
    parse: parse.int(0, 1_000_000),
  } satisfies ConfigKey<number>,
  maxCost: {
    env: 'GATEWAY_MAX_COST',
    doc: 'highest estimated cost (objects fetched, lists sized by first/last) an operation may have (OPERATION_TOO_COSTLY); 0: no limit',
    default: 5_000,
    parse: parse.int(0, 100_000_000),
  } satisfies ConfigKey<number>,
  defaultListSize: {
    env: 'GATEWAY_COST_DEFAULT_LIST_SIZE',
    doc: 'items the cost estimate assumes for a list requested without first/last (the subgraphs’ default page size)',
    default: 20,
    parse: parse.int(1, 10_000),
  } satisfies ConfigKey<number>,
  persistedDocuments: {
    env: 'GATEWAY_PERSISTED_DOCUMENTS',
    doc: 'persisted document manifests, comma-separated (Apollo apollo-persisted-query-manifest or { "<id>": "<document>" }); re-read when they change. Default: the repo\'s loadtest/ and storefront/ manifests that exist',
    default: repoManifests,
    parse: parse.list,
  } satisfies ConfigKey<string[]>,
  persistedDocumentsMode: {
    env: 'GATEWAY_PERSISTED_DOCUMENTS_MODE',
    doc: 'off: manifests unused; allow: listed documents run by id, others run too; enforce: only listed documents run (PERSISTED_QUERY_NOT_IN_LIST)',
    default: 'allow' as 'off' | 'allow' | 'enforce',
    parse: parse.oneOf('off', 'allow', 'enforce'),
  } satisfies ConfigKey<'off' | 'allow' | 'enforce'>,
  apq: {
    env: 'GATEWAY_APQ',
    doc: 'automatic persisted queries (clients register a document under its sha256; never in enforce mode)',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  apqCacheBytes: {
    env: 'GATEWAY_APQ_CACHE_BYTES',
    doc: 'most bytes of document text the APQ cache keeps (least recently used go first)',
    default: 16 * 1024 * 1024,
    parse: parse.int(1_024, 1024 * 1024 * 1024),
  } satisfies ConfigKey<number>,
  requestMetrics: {
    env: 'GATEWAY_REQUEST_METRICS',
    doc: 'record shopgraph_graphql_request* metrics per operation (false: not at all, e.g. to measure their cost)',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  metricsMaxOperations: {
    env: 'GATEWAY_METRICS_MAX_OPERATIONS',
    doc: 'operation names with a metrics label of their own besides persisted ones; later names are labelled "other"',
    default: 100,
    parse: parse.int(0, 10_000),
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
  workers: {
    env: 'GATEWAY_WORKERS',
    doc: 'gateway processes sharing the port (node:cluster), metrics summed on every /metrics; 0: one per CPU the process may use',
    default: 0,
    parse: parse.int(0, 256),
  } satisfies ConfigKey<number>,
  dedupRequests: {
    env: 'GATEWAY_DEDUP_REQUESTS',
    doc: 'identical query operations in flight (same document, variables, identity) execute once',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  /** Subscriptions served from Kafka events (src/subscriptions/, gateway/README.md). */
  ...subscriptionsConfigSpec,
};
