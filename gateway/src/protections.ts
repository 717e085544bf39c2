import type { GraphQLDataSource } from '@apollo/gateway';
import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import type { Logger, Metrics } from '@shopgraph/platform';
import type { GatewayContext } from './auth.ts';
import { formatGatewayError } from './client-errors.ts';
import type { configSpec } from './config.ts';
import { operationLimits } from './limits/operation-limits.ts';
import { refusalCounter } from './limits/refusal.ts';
import { operationMetricsPlugin } from './operation-metrics.ts';
import { SubgraphGuards } from './resilience/subgraph-guard.ts';
import { EMPTY_MANIFEST, type Manifest } from './trusted-documents/manifest.ts';
import { manifestFromFiles, type ManifestSource } from './trusted-documents/manifest-source.ts';
import { trustedDocumentsPlugin } from './trusted-documents/plugin.ts';
import { DocumentResolver } from './trusted-documents/resolve.ts';
import type { ConfigOf } from '@shopgraph/platform';

type Config = ConfigOf<typeof configSpec>;

/** What protects the gateway, in the shape ApolloServer and ApolloGateway take it. */
export interface Protections {
  /** ApolloServer options: put first in `plugins` (trusted documents must run before anything reads the query). */
  readonly apollo: Pick<
    ApolloServerOptions<GatewayContext>,
    | 'parseOptions'
    | 'validationRules'
    | 'formatError'
    | 'persistedQueries'
    | 'hideSchemaDetailsFromClientErrors'
  > & { plugins: ApolloServerPlugin<GatewayContext>[] };
  /** A subgraph's data source under its breaker, timeout and the request deadline. */
  guardSource(name: string, source: GraphQLDataSource<GatewayContext>): GraphQLDataSource<GatewayContext>;
  /** The document policy (persisted documents, APQ): subscriptions go through it too. */
  readonly documents: DocumentResolver;
  /** The request deadline to put in the context of a request starting now. */
  deadline(): number;
  /** The persisted documents now (e.g. to warm query plans), and news of every reload. */
  readonly manifest: { current(): Manifest; onChange(listener: (m: Manifest) => void): void };
  /** Loads the manifests (a bad one fails the start). */
  start(): Promise<void>;
  stop(): void;
}

/**
 * Operation limits, trusted documents, bounded metric labels, coded client errors and
 * subgraph resilience, each switchable in config.ts (to measure what each costs).
 */
export function createProtections(config: Config, metrics: Metrics, logger: Logger): Protections {
  const refused = refusalCounter(metrics);
  let source: ManifestSource | undefined;
  const early: ((m: Manifest) => void)[] = [];
  const current = () => source?.current() ?? EMPTY_MANIFEST;
  const resolver = new DocumentResolver(
    { mode: config.persistedDocumentsMode, apq: config.apq, apqCacheBytes: config.apqCacheBytes },
    current,
  );
  const trusted = trustedDocumentsPlugin<GatewayContext>(resolver, refused);
  const limits = operationLimits<GatewayContext>(
    config.operationLimits
      ? config
      : { maxDepth: 0, maxAliases: 0, maxDirectives: 0, maxTokens: 0, maxCost: 0, defaultListSize: 1 },
    refused,
  );
  const plugins: ApolloServerPlugin<GatewayContext>[] = [trusted, limits.plugin];
  if (config.requestMetrics)
    plugins.push(
      operationMetricsPlugin(metrics, {
        maxOperations: config.metricsMaxOperations,
        persistedName: (request) => trusted.trustedOf(request)?.name,
        refused: (request) => trusted.refused(request),
      }),
    );
  const guards = new SubgraphGuards(
    {
      subgraphTimeoutMs: config.subgraphTimeoutMs,
      failureThreshold: config.breakerFailures,
      cooldownMs: config.breakerCooldownMs,
    },
    metrics,
  );
  return {
    apollo: {
      plugins,
      parseOptions: limits.parseOptions,
      validationRules: limits.validationRules,
      formatError: formatGatewayError(logger),
      persistedQueries: false, // trusted-documents/plugin.ts does APQ, with the manifests
      hideSchemaDetailsFromClientErrors: !config.introspection, // no "Did you mean ...?" where introspection is off
    },
    guardSource: (name, dataSource) => guards.wrap(name, dataSource),
    documents: resolver,
    deadline: () => Date.now() + config.requestDeadlineMs,
    manifest: {
      current,
      onChange: (l) => (source ? source.onChange(l) : early.push(l)),
    },
    async start() {
      source = await manifestFromFiles(config.persistedDocuments, logger);
      for (const l of early) source.onChange(l);
    },
    stop: () => source?.close(),
  };
}
