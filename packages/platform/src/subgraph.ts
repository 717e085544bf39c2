import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLSchemaModule } from '@apollo/subgraph';
import { parse as parseGraphQL } from 'graphql';
import type { ConfigOf } from './config.ts';
import { createPool, databaseAnswers, type Pool } from './db.ts';
import { createHttpServer, type ReadinessCheck, type ReadinessRegistry } from './http-server.ts';
import { createLogger, currentRequestId, type Logger } from './logger.ts';
import type { Identity } from './auth.ts';
import { identityFromHeaders, IdentityVerifier } from './identity-token.ts';
import { Counter, createMetrics, type Metrics } from './metrics.ts';
import { pendingMigrations, runMigrations, type MigrationSource } from './migrations.ts';
import { maskInternalErrors, metricsPlugin } from './apollo-plugins.ts';
import type { serviceConfigSpec, ServiceName } from './service-config.ts';

export type ServiceConfig = ConfigOf<ReturnType<typeof serviceConfigSpec>>;

/** What every resolver gets; a service extends it with its own loaders and use cases. */
export interface SubgraphContext {
  readonly pool: Pool;
  readonly logger: Logger;
  readonly requestId: string;
  /** Who is calling, from the gateway's signed identity token (see auth.ts); anonymous without one. */
  readonly identity: Identity;
}

/** Shared by everything a service starts beside its HTTP server. */
export interface ServiceDeps {
  readonly config: ServiceConfig;
  readonly pool: Pool;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Background work adds what it must be before the service may report ready (a consumer that
   * joined its group, a running relay); absent where no HTTP server reports readiness.
   */
  readonly readiness?: ReadinessRegistry;
}

/** A service is its schema, resolvers, migrations, per-request context and (optionally) background work. */
export interface SubgraphDefinition<C extends SubgraphContext, K extends ServiceConfig = ServiceConfig> {
  readonly name: ServiceName;
  /** Path of the subgraph SDL (Federation 2, with @link). */
  readonly schemaPath: string;
  /** Migration folders in order (shared, namespaced ones first); see MigrationSource. */
  readonly migrations: MigrationSource | readonly MigrationSource[];
  /** The service's resolver map, typed by its generated `Resolvers<C>` (src/generated/). */
  readonly resolvers: NonNullable<GraphQLSchemaModule['resolvers']>;
  /** Called once, when the service is built: returns the builder of each request's context. */
  readonly context: (config: K, deps: ServiceDeps) => (base: SubgraphContext) => C;
  /** Starts Kafka relays/consumers and workers after the server listens; returns their stopper. */
  readonly background?: (config: K, deps: ServiceDeps) => Promise<() => Promise<void>>;
}

/**
 * A service's files, from its `src/server.ts` module URL: `schema.graphql` beside `src/`, and its
 * migrations after the shared sources (the events package's outbox and inbox tables).
 */
export function subgraphFiles(
  serverModuleUrl: string,
  ...shared: readonly MigrationSource[]
): { readonly schemaPath: string; readonly migrations: readonly MigrationSource[] } {
  const here = (path: string) => fileURLToPath(new URL(path, serverModuleUrl));
  return { schemaPath: here('../schema.graphql'), migrations: [...shared, here('../migrations')] };
}

export interface SubgraphService extends ServiceDeps {
  /** Listens on config.port (0 = any free port) and resolves to the GraphQL URL. */
  start(): Promise<{ url: string; port: number }>;
  /** Graceful: stop accepting, drain in-flight requests, stop background work, close the pool. */
  stop(): Promise<void>;
}

export function createSubgraphService<C extends SubgraphContext, K extends ServiceConfig>(
  def: SubgraphDefinition<C, K>,
  config: K,
): SubgraphService {
  const logger = createLogger(def.name, config.logLevel);
  const metrics = createMetrics(def.name);
  const pool = createPool({
    url: config.databaseUrl,
    max: config.dbPoolMax,
    logger,
    applicationName: def.name,
  });
  // Checks background work adds while it starts (createHttpServer reads the list per request).
  const readiness: ReadinessCheck[] = [];
  const deps: ServiceDeps = { config, pool, logger, metrics, readiness: { add: (c) => readiness.push(c) } };
  const schema = buildSubgraphSchema([
    {
      typeDefs: parseGraphQL(readFileSync(def.schemaPath, 'utf8')),
      resolvers: def.resolvers,
    },
  ]);
  const contextOf = def.context(config, deps);
  const apollo = new ApolloServer<C>({
    schema,
    // No Apollo Studio traces and no HTTP cache hints (nothing caches responses): both cost CPU per request.
    plugins: [
      metricsPlugin<C>(metrics),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
    // Shutdown is ours (exitOnSignal): drain HTTP first, then stop Apollo.
    stopOnTerminationSignals: false,
    formatError: maskInternalErrors(logger),
    includeStacktraceInErrorResponses: false,
  });

  let migrationsApplied = false;
  // Ready once the background work (consumers joined, relay running) has started, not when the
  // port opens: `make up` and Kubernetes wait for /readyz before sending work.
  let backgroundStarted = def.background === undefined;
  readiness.unshift(
    async () => ((await databaseAnswers(pool)) ? null : 'database does not answer'),
    async () => {
      if (migrationsApplied) return null;
      const pending = await pendingMigrations(pool, def.migrations).catch(() => null);
      if (pending === null) return 'cannot read migration state';
      migrationsApplied = pending.length === 0;
      return migrationsApplied ? null : `migrations pending: ${pending.join(', ')}`;
    },
    async () => (backgroundStarted ? null : 'background work (event consumers, relay) is starting'),
  );
  const identities = new IdentityVerifier(config);
  const refusals = new Counter({
    name: 'shopgraph_identity_token_rejections_total',
    help: 'Requests refused with 401 because their identity token did not verify (forged, expired, another key), by reason.',
    labelNames: ['reason'] as const,
    registers: [metrics.registry],
  });
  const http = createHttpServer<C>({
    apollo,
    readiness,
    metrics,
    logger,
    context: async (req) => {
      const identity = await identityFromHeaders(identities, req.headers, (reason) => {
        refusals.inc({ reason });
        logger.info({ reason }, 'identity token refused (UNAUTHENTICATED)');
      });
      return contextOf({ pool, logger, requestId: currentRequestId() ?? 'none', identity });
    },
  });
  let stopBackground: (() => Promise<void>) | undefined;

  return {
    ...deps,
    async start() {
      if (config.migrateOnStart) await runMigrations(pool, def.migrations, logger);
      await apollo.start();
      const address = await http.listen(config.port, config.host);
      stopBackground = await def.background?.(config, deps);
      backgroundStarted = true;
      const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}/graphql`;
      logger.info({ url }, `${def.name} subgraph ready`);
      return { url, port: address.port };
    },
    async stop() {
      await http.close(config.shutdownTimeoutMs);
      await stopBackground?.();
      await apollo.stop();
      await pool.end();
    },
  };
}
