import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { ConfigOf, Logger, Metrics } from '@shopgraph/platform';
import type { GatewayContext } from '../auth.ts';
import type { configSpec } from '../config.ts';
import { RefusedOperation } from '../limits/refusal.ts';
import type { Protections } from '../protections.ts';
import { containsNul, preApproved } from '../trusted-documents/plugin.ts';
import { SubscriptionEngine, type RunQuery } from './engine.ts';
import { EventFanOut } from './fan-out.ts';
import { subscriptionMetrics } from './metrics.ts';
import { loadSubscriptionsSchema, subscriptionsSchemaFile } from './schema.ts';
import type { Authenticate } from './session.ts';
import { serveSse } from './sse.ts';
import { serveWebSocket } from './ws.ts';

/** Where clients subscribe (both on the gateway's port). */
export const GRAPHQL_PATH = '/graphql';
export const SSE_STREAM_PATH = '/graphql/stream';

export interface SubscriptionsDeps {
  readonly config: ConfigOf<typeof configSpec>;
  readonly server: http.Server;
  readonly apollo: ApolloServer<GatewayContext>;
  readonly authenticate: Authenticate;
  readonly protections: Protections;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export interface Subscriptions {
  /** Every supergraph (re)load: the schema subscriptions are validated against. */
  setSupergraph(supergraphSdl: string): void;
  /** SIGTERM: WebSockets closed with 1012, SSE responses ended, then the consumer stopped. */
  drain(): Promise<void>;
}

const NUL = 'The document and variables must not contain NUL (U+0000) characters.';

/**
 * Subscriptions on the gateway's own port: GraphQL over WebSocket at ws://…/graphql
 * (graphql-transport-ws) and GraphQL over SSE at /graphql/stream (or /graphql with
 * Accept: text/event-stream), fed by one Kafka consumer per process (fan-out.ts), each payload
 * resolved by the gateway's own executor (Apollo, the federated query path) as the subscriber.
 */
export function createSubscriptions(deps: SubscriptionsDeps): Subscriptions | undefined {
  const { config, apollo, protections, logger } = deps;
  const log = logger.child({ component: 'subscriptions' });
  const file = subscriptionsSchemaFile(config.subscriptionsSchemaPath, config.supergraphPath);
  if (!config.subscriptions || file === null) {
    if (config.subscriptions)
      log.info('no subscriptions.graphql beside the supergraph: subscriptions are off');
    return undefined;
  }
  const schema = loadSubscriptionsSchema(file);
  const metrics = subscriptionMetrics(deps.metrics, [...schema.fields.keys()]);
  const fanOut = new EventFanOut({
    brokers: config.kafkaBrokers,
    namespace: config.kafkaNamespace,
    fields: schema.fields,
    dedupIds: config.subscriptionDedupIds,
    lingerMs: config.subscriptionConsumerLingerMs,
    logger: log,
    metrics,
  });
  const runQuery: RunQuery = async (query, variables, operationName, identity) => {
    const contextValue: GatewayContext = { identity, deadline: protections.deadline() };
    preApproved.add(contextValue);
    const response = await apollo.executeOperation(
      { query, variables, ...(operationName ? { operationName } : {}) },
      { contextValue },
    );
    if (response.body.kind !== 'single')
      return { errors: [new GraphQLError('unexpected incremental result')] };
    const { data, errors } = response.body.singleResult;
    const result: ExecutionResult = { data: (data ?? null) as Record<string, unknown> | null };
    if (errors)
      return {
        ...result,
        errors: errors.map((e) => new GraphQLError(e.message, { extensions: e.extensions ?? {} })),
      };
    return result;
  };
  const engine = new SubscriptionEngine({
    schema,
    fanOut,
    runQuery,
    resolveDocument: ({ id, query, variables }) => {
      if (query?.includes('\0') || (variables != null && containsNul(variables)))
        throw new RefusedOperation('nul_byte', NUL);
      return protections.documents.resolve({ id, query }).query;
    },
    maxTokens: config.operationLimits ? config.maxTokens : 0,
    perConnection: config.subscriptionsPerConnection,
    perProcess: config.subscriptionsMax,
    bufferPayloads: config.subscriptionBuffer,
    metrics,
    logger: log,
  });
  const ws = serveWebSocket(deps.server, {
    path: GRAPHQL_PATH,
    engine,
    authenticate: deps.authenticate,
    keepAliveMs: config.subscriptionKeepAliveMs,
    maxMessageBytes: 1_048_576,
    metrics,
  });
  const sse = serveSse(deps.server, {
    streamPath: SSE_STREAM_PATH,
    graphqlPath: GRAPHQL_PATH,
    engine,
    authenticate: deps.authenticate,
    maxBufferedBytes: config.subscriptionBufferBytes,
    metrics,
  });
  return {
    setSupergraph: (sdl) => {
      try {
        engine.setSupergraph(sdl);
      } catch (err) {
        // e.g. a test's one-subgraph supergraph: no Order type. Subscribing fails until one has it.
        log.info(
          { err },
          'subscriptions: this supergraph lacks a type they return; keeping the previous one',
        );
      }
    },
    async drain() {
      sse.drain();
      await ws.drain();
      await fanOut.close();
    },
  };
}
