import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
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
}

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

/** Creates the topics that do not exist yet (auto topic creation is off). */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly string[],
  opts: KafkaOptions,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: opts.partitions ?? 3,
        replicationFactor: opts.replicationFactor ?? 1,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
