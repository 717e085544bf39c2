import { currentTraceparent, type Queryable } from '@shopgraph/platform';
import type { DataOf, EventDefinition } from './define-event.ts';
import { createEnvelope, type EventEnvelope } from './envelope.ts';

export interface OutboxEntry<D extends EventDefinition> {
  /** The aggregate id (Kafka key): order holds per subject. */
  readonly subject: string;
  readonly data: DataOf<D>;
  /** W3C traceparent, so the trace continues through Kafka. @default the active span's */
  readonly traceparent?: string | undefined;
  /** @default a new UUID */
  readonly id?: string;
  /** @default now */
  readonly time?: Date;
}

// pg_advisory_xact_lock(OUTBOX_LOCK_CLASS, hashtext(subject)): writers of one subject take turns
// until commit, so seq order per subject is commit order even when the caller holds no row lock.
const OUTBOX_LOCK_CLASS = 0x0e0b_0001;

const INSERT = `WITH turn AS (SELECT pg_advisory_xact_lock(${OUTBOX_LOCK_CLASS}, hashtext($3)))
  INSERT INTO outbox (id, topic, key, type, envelope, traceparent) SELECT $1, $2, $3, $4, $5, $6 FROM turn`;

function assertTransaction(tx: Queryable): void {
  // A pg.Pool would run the insert in its own implicit transaction: the event could then be
  // committed without the state change (or the reverse), which is what the outbox prevents.
  if ('totalCount' in tx)
    throw new Error('outbox.add needs the transaction client (withTransaction), not the pool');
}

/**
 * Writes events in the caller's transaction; the relay publishes them after commit.
 * `data` is validated against the event's schema first: a malformed event throws here.
 */
export const outbox = {
  async add<D extends EventDefinition>(
    tx: Queryable,
    def: D,
    entry: OutboxEntry<D>,
  ): Promise<EventEnvelope<DataOf<D>>> {
    assertTransaction(tx);
    def.validate(entry.data);
    if (entry.subject.length === 0) throw new Error(`${def.type}: subject (aggregate id) must not be empty`);
    const envelope = createEnvelope({
      producer: def.producer,
      type: def.type,
      subject: entry.subject,
      data: entry.data,
      ...(entry.id ? { id: entry.id } : {}),
      ...(entry.time ? { time: entry.time } : {}),
      traceparent: entry.traceparent ?? currentTraceparent(),
    });
    await tx.query(INSERT, [
      envelope.id,
      def.topic,
      envelope.subject,
      def.type,
      JSON.stringify(envelope),
      envelope.traceparent ?? null,
    ]);
    return envelope;
  },
};
