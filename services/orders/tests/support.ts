// Shared by the orders integration tests: a Kafka producer of upstream events, identities, polling.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createEnvelope, envelopeHeaders, type DataOf, type EventDefinition } from '@shopgraph/events';
import { createLogger } from '@shopgraph/platform';

/** Publishes events as their producing service would (topic, key = subject, CloudEvents value). */
export class UpstreamProducer {
  readonly #kafka: Kafka;
  readonly #producer: Producer;

  readonly #namespace: string;

  /** `namespace`: the stack's KAFKA_NAMESPACE, so only the service under test sees these events. */
  constructor(brokers: string, namespace: string) {
    this.#namespace = namespace;
    this.#kafka = new Kafka({
      clientId: 'orders-test-upstream',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    this.#producer = this.#kafka.producer({ allowAutoTopicCreation: false });
  }

  #topic = (name: string) => `${this.#namespace}.${name}`;

  async connect(plainTopics: readonly string[]): Promise<void> {
    const topics = plainTopics.map(this.#topic);
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
      topic: this.#topic(def.topic),
      messages: [{ key: subject, value: JSON.stringify(envelope), headers: envelopeHeaders(envelope) }],
    });
    return id;
  }

  disconnect = () => this.#producer.disconnect();
}

export const quietLogger = () => createLogger('orders-test', process.env['TEST_LOG_LEVEL'] ?? 'silent');
// Identities and polling are shared by every service's tests.
export { ADMIN, as, customer, eventually } from '@shopgraph/testing';
