import { parse, type ConfigKey } from '@shopgraph/platform';

/** The gateway's subscription keys (spread into config.ts), each with its default and env var. */
export const subscriptionsConfigSpec = {
  subscriptions: {
    env: 'GATEWAY_SUBSCRIPTIONS',
    doc: 'serve Subscription fields over WebSocket (/graphql) and SSE (/graphql/stream) from Kafka events',
    default: true,
    parse: parse.bool,
  } satisfies ConfigKey<boolean>,
  subscriptionsSchemaPath: {
    env: 'GATEWAY_SUBSCRIPTIONS_SCHEMA',
    doc: "the events-only Subscription schema (fields, @resolveWith, @fromEvents); empty: subscriptions.graphql beside SUPERGRAPH_PATH, else the repo's supergraph/subscriptions.graphql, else no subscriptions",
    default: '',
    parse: parse.string,
  } satisfies ConfigKey<string>,
  kafkaBrokers: {
    env: 'KAFKA_BROKERS',
    doc: 'Kafka bootstrap servers, host:port comma list (the subscription consumer)',
    default: ['127.0.0.1:9092'],
    parse: parse.hostPortList,
  } satisfies ConfigKey<string[]>,
  kafkaNamespace: {
    env: 'KAFKA_NAMESPACE',
    doc: 'prefix of the topics and consumer group, as the services use it (empty: none)',
    default: '',
    parse: (raw: string): string | Error =>
      /^[a-z0-9][a-z0-9-]{0,40}$/.test(raw)
        ? raw
        : new Error('lowercase letters, digits and hyphens, at most 41'),
  } satisfies ConfigKey<string>,
  subscriptionsPerConnection: {
    env: 'GATEWAY_SUBSCRIPTIONS_PER_CONNECTION',
    doc: 'most open subscriptions on one WebSocket (an SSE response holds one); past it TOO_MANY_SUBSCRIPTIONS',
    default: 20,
    parse: parse.int(1, 10_000),
  } satisfies ConfigKey<number>,
  subscriptionsMax: {
    env: 'GATEWAY_SUBSCRIPTIONS_MAX',
    doc: 'most open subscriptions in one gateway process; past it TOO_MANY_SUBSCRIPTIONS',
    default: 10_000,
    parse: parse.int(1, 1_000_000),
  } satisfies ConfigKey<number>,
  subscriptionBuffer: {
    env: 'GATEWAY_SUBSCRIPTION_BUFFER',
    doc: 'payloads a subscriber may be behind by (queued or resolving); past it the connection is dropped (WebSocket close 1008)',
    default: 64,
    parse: parse.int(1, 100_000),
  } satisfies ConfigKey<number>,
  subscriptionBufferBytes: {
    env: 'GATEWAY_SUBSCRIPTION_BUFFER_BYTES',
    doc: 'bytes an SSE response may hold unread by the client; past it the response is cut',
    default: 1024 * 1024,
    parse: parse.int(1_024, 1024 * 1024 * 1024),
  } satisfies ConfigKey<number>,
  subscriptionKeepAliveMs: {
    env: 'GATEWAY_SUBSCRIPTION_KEEPALIVE_MS',
    doc: 'WebSocket ping interval; a peer that does not pong within it is dropped (SSE: a comment every 12 s)',
    default: 12_000,
    parse: parse.int(1_000, 600_000),
  } satisfies ConfigKey<number>,
  subscriptionDedupIds: {
    env: 'GATEWAY_SUBSCRIPTION_DEDUP_IDS',
    doc: 'event ids remembered (LRU) so a duplicate event (same id) gives no second payload',
    default: 50_000,
    parse: parse.int(1, 10_000_000),
  } satisfies ConfigKey<number>,
  subscriptionConsumerLingerMs: {
    env: 'GATEWAY_SUBSCRIPTION_CONSUMER_LINGER_MS',
    doc: 'how long the Kafka consumer keeps running after the last subscription closed',
    default: 10_000,
    parse: parse.int(0, 3_600_000),
  } satisfies ConfigKey<number>,
};
