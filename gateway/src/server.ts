import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import {
  createHttpServer,
  createLogger,
  createMetrics,
  type ConfigOf,
  type Logger,
  type Metrics,
} from '@shopgraph/platform';
import { authenticator, type GatewayContext } from './auth.ts';
import type { configSpec } from './config.ts';
import { createProtections } from './protections.ts';
import { createFetchPath } from './fetch-path.ts';
import { warmQueryPlans } from './plan-cache.ts';
import { serveGraphiql } from './graphiql.ts';
import { supergraphFromFile } from './supergraph-source.ts';
import { gatewayTelemetry } from './telemetry.ts';
import { createSubscriptions } from './subscriptions/index.ts';

export type GatewayConfig = ConfigOf<typeof configSpec>;

export interface GatewayService {
  readonly logger: Logger;
  readonly metrics: Metrics;
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
}

/** The federation gateway: supergraph from a file, served on Node's http server. */
export function createGateway(config: GatewayConfig): GatewayService {
  const logger = createLogger('gateway', config.logLevel);
  const metrics = createMetrics('gateway');
  const protections = createProtections(config, metrics, logger);
  let loaded = false;
  // @apollo/gateway reads this at construction; unless told otherwise it reports to Apollo's
  // servers and probes cloud metadata endpoints. Ours talks to its subgraphs only.
  if (!config.apolloTelemetry) process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
  const fetchPath = createFetchPath(config, metrics);
  const telemetry = gatewayTelemetry(metrics);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, logger),
    buildService: telemetry.buildService((definition) =>
      protections.guardSource(definition.name, fetchPath.buildService(definition)),
    ),
    logger,
  });
  gateway.onSchemaLoadOrUpdate(() => {
    loaded = true;
  });
  warmQueryPlans(gateway, protections.manifest, metrics, logger);
  if (config.jwtPublicKey === null)
    logger.warn('JWT_PUBLIC_KEY is not set: every request with a token gets 401');
  if (config.identityPrivateKey === null)
    logger.warn('GATEWAY_IDENTITY_PRIVATE_KEY is not set: subgraphs see every caller as anonymous');
  const authenticate = authenticator(config, metrics);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: telemetry.operations(fetchPath.wrap(gateway)),
    introspection: config.introspection,
    ...protections.apollo,
    plugins: [
      ...protections.apollo.plugins,
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
    ],
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
  });
  const http = createHttpServer({
    apollo,
    metrics,
    logger,
    context: async (req) => ({ ...(await authenticate(req.headers)), deadline: protections.deadline() }),
    readiness: [async () => (loaded ? null : 'supergraph not loaded')],
  });
  serveGraphiql(http.server, { logger }); // development only (graphiql.ts)
  // WebSocket and SSE subscriptions on the same port (subscriptions/, gateway/README.md).
  const subscriptions = createSubscriptions({
    config,
    server: http.server,
    apollo,
    authenticate,
    protections,
    logger,
    metrics,
  });
  if (subscriptions)
    gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => subscriptions.setSupergraph(coreSupergraphSdl));
  return {
    logger,
    metrics,
    async start() {
      await protections.start();
      await apollo.start();
      const address = await http.listen(config.port, config.host);
      const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}/graphql`;
      logger.info({ url, supergraph: config.supergraphPath }, 'gateway ready');
      return { url, port: address.port };
    },
    async stop() {
      await subscriptions?.drain(); // first: open streams would hold http.close to its deadline
      await http.close(config.shutdownTimeoutMs);
      await apollo.stop();
      protections.stop();
      await fetchPath.close();
    },
  };
}
