import { Kafka, logLevel, type Admin, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from '@shopgraph/platform';

/** Kafka connection options shared by the relay and consumers. */
export interface KafkaOptions {
  /** host:port list (platform config `kafkaBrokers`). */
  readonly brokers: readonly string[];
  /** Extra kafkajs client config (ssl, sasl, socketFactory...). */
  readonly kafka?: Partial<KafkaConfig>;
  /** Partitions of topics this process creates when missing. @default 3 */
  readonly partitions?: number;
  /** Replication factor of topics this process creates when missing. @default 1 */
  readonly replicationFactor?: number;
  /**
   * Prefix of every topic and consumer group name (`<namespace>.shopgraph.orders.events`), so
   * several stacks can share one broker without reading each other's events (each e2e test
   * stack beside a developer's `make up`). Empty: the plain names. @default ''
   */
  readonly namespace?: string;
}

/** A topic or group name inside the options' namespace. */
export const inNamespace = (opts: Pick<KafkaOptions, 'namespace'>, name: string): string =>
  opts.namespace ? `${opts.namespace}.${name}` : name;

// kafkajs logs every transient broker error at ERROR; the relay and consumers log their own
// outcome with context, so kafkajs lines go one level down.
const LEVELS: Record<number, 'warn' | 'info' | 'debug' | 'trace'> = {
  [logLevel.ERROR]: 'warn',
  [logLevel.WARN]: 'info',
  [logLevel.INFO]: 'debug',
  [logLevel.DEBUG]: 'trace',
};

export function createKafka(clientId: string, opts: KafkaOptions, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: [...opts.brokers],
    logLevel: logLevel.INFO,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[LEVELS[level] ?? 'debug'](rest, message);
      },
    retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    connectionTimeout: 3_000,
    ...opts.kafka,
  });
}

/**
 * Creates the topics that do not exist yet (auto topic creation is off) and waits until every
 * partition has a leader. Services start together and race to create the same topics: a topic
 * another process created meanwhile counts as created.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  opts: KafkaOptions,
): Promise<void> {
  const wanted = [...new Set(topics)];
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    let createError: unknown;
    if (missing.length > 0) {
      // No waitForLeaders here: kafkajs's own wait throws when another process is creating the
      // same topic at that moment. We wait below, for the topics however they came to be.
      await admin
        .createTopics({
          waitForLeaders: false,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: opts.partitions ?? 3,
            replicationFactor: opts.replicationFactor ?? 1,
          })),
        })
        .catch((err: unknown) => {
          if (!onlyAlreadyExists(err)) createError = err;
        });
    }
    await waitForLeaders(admin, wanted, createError);
  } finally {
    await admin.disconnect();
  }
}

/** kafkajs reports per-topic failures in `errors`; TOPIC_ALREADY_EXISTS is a lost race, not a failure. */
function onlyAlreadyExists(err: unknown): boolean {
  const e = err as { type?: string; errors?: { type?: string }[] };
  if (e.type === 'TOPIC_ALREADY_EXISTS') return true;
  return (
    Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS')
  );
}

async function waitForLeaders(
  admin: Admin,
  topics: readonly string[],
  createError: unknown,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = await admin
      .fetchTopicMetadata({ topics: [...topics] })
      .then((m) => m.topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)))
      .catch(() => false);
    if (ready) return;
    if (Date.now() > deadline) {
      const cause = createError instanceof Error ? ` (creating them failed: ${createError.message})` : '';
      throw new Error(`topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}${cause}`, {
        cause: createError,
      });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
