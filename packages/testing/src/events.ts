// Event-side test helpers: deliver catalog events to a service's handlers the way its consumer
// does (one transaction per event), read what it published, and act as a given identity.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import {
  createEnvelope,
  envelopeHeaders,
  type DataOf,
  type EventDefinition,
  type Handler,
  type OrderPlaced,
} from '@shopgraph/events';
import { withTransaction, type Identity, type Pool } from '@shopgraph/platform';
import { identityHeaders } from './identity.ts';

/** Headers that call a subgraph directly as `identity` (a gateway-signed identity token; none for anonymous). */
export const as = (identity: Identity): Record<string, string> => identityHeaders(identity);
export const customer = (id: string): Identity => ({ role: 'customer', subject: id, customerId: id });
export const ADMIN: Identity = { role: 'admin', subject: 'ops' };
export const ANONYMOUS: Identity = { role: 'anonymous' };

/** Calls the handler of `def` in its own transaction, as the consumer does (minus the inbox row). */
export function deliverer(pool: Pool, handlers: readonly Handler[]) {
  return async <D extends EventDefinition>(def: D, subject: string, data: DataOf<D>) => {
    const handler = handlers.find((h) => h.def === def);
    if (!handler) throw new Error(`no handler for ${def.type}`);
    await withTransaction(pool, (tx) =>
      handler.fn(tx, createEnvelope({ producer: def.producer, type: def.type, subject, data })),
    );
  };
}

/** The events this service wrote for an order, in outbox order, as [name, data]. */
export async function published(pool: Pool, orderId: string): Promise<[string, Record<string, unknown>][]> {
  const { rows } = await pool.query<{ type: string; envelope: string }>(
    `SELECT type, envelope FROM outbox WHERE envelope::jsonb -> 'data' ->> 'orderId' = $1 ORDER BY seq`,
    [orderId],
  );
  return rows.map((r) => [
    r.type.replace(/^shopgraph\.\w+\.|\.v\d+$/g, ''),
    (JSON.parse(r.envelope) as { data: Record<string, unknown> }).data,
  ]);
}

export const newId = () => randomUUID();

/**
 * OrderPlaced data for one EUR line of `quantity` at `unitAmount` (2 x 49.50 unless `over` says
 * otherwise), paid with tok_visa, no shipping address: the order the saga tests start from.
 */
export function orderPlacedData(
  orderId: string,
  over: Partial<DataOf<typeof OrderPlaced>> & {
    readonly quantity?: number;
    readonly unitAmount?: number;
  } = {},
): DataOf<typeof OrderPlaced> {
  const { quantity = 2, unitAmount = 4950, ...rest } = over;
  const price = (amount: number) => ({ amount, currency: 'EUR' });
  return {
    orderId,
    number: `SG-${orderId.slice(0, 6)}`,
    customerId: randomUUID(),
    lines: [
      {
        productId: randomUUID(),
        quantity,
        unitPrice: price(unitAmount),
        lineTotal: price(unitAmount * quantity),
      },
    ],
    total: price(unitAmount * quantity),
    paymentToken: 'tok_visa',
    shippingAddress: null,
    ...rest,
  };
}

/** When the relay sent the outbox row of this service's `type` event for an order (null: not yet). */
export async function relayedAt(
  pool: Pool,
  orderId: string,
  type?: string,
): Promise<Date | null | undefined> {
  const { rows } = await pool.query<{ published_at: Date | null }>(
    `SELECT published_at FROM outbox WHERE envelope::jsonb -> 'data' ->> 'orderId' = $1
       AND ($2::text IS NULL OR type = $2)`,
    [orderId, type ?? null],
  );
  return rows[0]?.published_at ?? undefined;
}

/** Publishes events as their producing service would (topic, key = subject, CloudEvents value). */
export class UpstreamProducer {
  readonly #kafka: Kafka;
  readonly #producer: Producer;

  readonly #namespace: string;

  /** `namespace`: the service's KAFKA_NAMESPACE (none: plain topics), so only the service under test sees these events. */
  constructor(brokers: string = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092', namespace = '') {
    this.#namespace = namespace;
    this.#kafka = new Kafka({
      clientId: 'test-upstream',
      brokers: brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    this.#producer = this.#kafka.producer({ allowAutoTopicCreation: false });
  }

  #topic = (name: string) => (this.#namespace ? `${this.#namespace}.${name}` : name);

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
