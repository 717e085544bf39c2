// Shared by the orders integration tests: a Kafka producer of upstream events, identities, polling.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createEnvelope, envelopeHeaders, type DataOf, type EventDefinition } from '@shopgraph/events';
import { createLogger, encodeIdentity, IDENTITY_HEADER, type Identity } from '@shopgraph/platform';

/** Publishes events as their producing service would (topic, key = subject, CloudEvents value). */
export class UpstreamProducer {
  readonly #kafka: Kafka;
  readonly #producer: Producer;

  constructor(brokers: string) {
    this.#kafka = new Kafka({
      clientId: 'orders-test-upstream',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    this.#producer = this.#kafka.producer({ allowAutoTopicCreation: false });
  }

  async connect(topics: readonly string[]): Promise<void> {
    const admin = this.#kafka.admin();
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0)
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: 3 })),
      });
    await admin.disconnect();
    await this.#producer.connect();
  }

  /** Sends one event; returns its id (send the same id again to test the inbox). */
  async send<D extends EventDefinition>(def: D, subject: string, data: DataOf<D>, id: string = randomUUID()) {
    def.validate(data);
    const envelope = createEnvelope({ producer: def.producer, type: def.type, subject, data, id });
    await this.#producer.send({
      topic: def.topic,
      messages: [{ key: subject, value: JSON.stringify(envelope), headers: envelopeHeaders(envelope) }],
    });
    return id;
  }

  disconnect = () => this.#producer.disconnect();
}

export const customer = (id: string): Identity => ({ role: 'customer', subject: id, customerId: id });
export const ADMIN: Identity = { role: 'admin', subject: 'ops' };
export const as = (identity: Identity) => ({ [IDENTITY_HEADER]: encodeIdentity(identity) });
export const quietLogger = () => createLogger('orders-test', process.env['TEST_LOG_LEVEL'] ?? 'silent');

/** Polls `check` until it returns a value (events travel through Kafka), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
