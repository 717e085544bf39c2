// Shared by the events integration tests and their child-process fixtures (no vitest imports).
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { eventually } from '@shopgraph/testing';
import {
  createLogger,
  createMetrics,
  createPool,
  runMigrations,
  withTransaction,
  type Metrics,
  type Pool,
} from '@shopgraph/platform';
import {
  defineEvent,
  eventsMigrations,
  handle,
  outbox,
  Type,
  type EventDefinition,
  type Handler,
} from '../src/index.ts';

export const brokers = () => (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');
export const quietLogger = () => createLogger('events-test', process.env['TEST_LOG_LEVEL'] ?? 'silent');

/** A fresh event type per test: its own producer, so its own topic on the shared broker. */
export function counterEvent(producer = `t${randomBytes(4).toString('hex')}`) {
  return defineEvent({
    producer,
    name: 'CounterIncremented',
    version: 1,
    data: Type.Object({ n: Type.Integer(), poison: Type.Optional(Type.Boolean()) }),
  });
}
export type CounterEvent = ReturnType<typeof counterEvent>;

const EFFECT_TABLES = `
  CREATE TABLE IF NOT EXISTS effects (
    event_id uuid PRIMARY KEY, subject text NOT NULL, n int NOT NULL,
    applied int NOT NULL DEFAULT 1, position bigserial);
  CREATE TABLE IF NOT EXISTS totals (subject text PRIMARY KEY, total bigint NOT NULL)`;

export async function openDb(url: string, logger = quietLogger()): Promise<Pool> {
  const pool = createPool({ url, logger, applicationName: 'events-test', max: 6 });
  await runMigrations(pool, [eventsMigrations], logger);
  await pool.query(EFFECT_TABLES);
  return pool;
}

/** The consumer effect the tests count: one row per event (applied counts repeats) and a running total. */
export function counterHandler(def: CounterEvent, opts: { delayMs?: number } = {}): Handler {
  return handle(def, async (tx, event) => {
    if (event.data.poison) throw new Error(`poison message ${event.data.n}`);
    if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
    await tx.query(
      `INSERT INTO effects (event_id, subject, n) VALUES ($1, $2, $3)
       ON CONFLICT (event_id) DO UPDATE SET applied = effects.applied + 1`,
      [event.id, event.subject, event.data.n],
    );
    await tx.query(
      `INSERT INTO totals (subject, total) VALUES ($1, $2) ON CONFLICT (subject) DO UPDATE SET total = totals.total + $2`,
      [event.subject, event.data.n],
    );
  });
}

/** `count` events, `keys` subjects, n = 1..count/keys per subject, one transaction each. */
export async function writeEvents(
  pool: Pool,
  def: EventDefinition,
  count: number,
  keys: number,
  concurrency = 4,
): Promise<string[]> {
  const ids: string[] = [];
  const perKey = Math.ceil(count / keys);
  const subjects = Array.from({ length: keys }, (_, k) => `key-${k}`);
  // Writers own disjoint subjects so n grows per subject in commit order.
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      for (let n = 1; n <= perKey; n++) {
        for (let k = w; k < keys; k += concurrency) {
          if (ids.length >= count) return;
          const e = await withTransaction(pool, (tx) =>
            outbox.add(tx, def, { subject: subjects[k]!, data: { n } as never }),
          );
          ids.push(e.id);
        }
      }
    }),
  );
  return ids;
}

/** `eventually` from @shopgraph/testing, with the description first as these tests read. */
export const waitFor = <T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000) =>
  eventually(check, timeoutMs, what);

export const count = async (pool: Pool, sql: string, params: unknown[] = []) =>
  Number((await pool.query<{ n: string }>(sql, params)).rows[0]!.n);

export const kafka = () =>
  new Kafka({ clientId: 'events-test', brokers: brokers(), logLevel: logLevel.NOTHING });

/** Every message in `topic` from offset 0 until `expected` were read (a throwaway group). */
export async function readTopic(
  topic: string,
  expected: number,
  timeoutMs = 30_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka().consumer({ groupId: `reader-${randomBytes(4).toString('hex')}` });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const lastOffset = new Map<number, number>();
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        messages.push(message);
        lastOffset.set(partition, Number(message.offset));
      },
    });
    await waitFor(`${expected} messages in ${topic}`, async () => messages.length >= expected, timeoutMs);
    // Any unexpected extra message is in by the time every partition is read to its end.
    const ends = await topicEnds(topic);
    await waitFor(
      `${topic} read to its end`,
      async () => ends.every(({ partition, high }) => (lastOffset.get(partition) ?? -1) >= high - 1),
      timeoutMs,
    );
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

/** Each partition's high watermark now (the offset the next message will get). */
async function topicEnds(topic: string): Promise<{ partition: number; high: number }[]> {
  const admin = kafka().admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).map((p) => ({
      partition: p.partition,
      high: Number(p.high),
    }));
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(...topics: string[]): Promise<void> {
  const admin = kafka().admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  await admin.deleteTopics({ topics: topics.filter((t) => existing.has(t)) }).catch(() => undefined);
  await admin.disconnect();
}

/** Per subject, the sequence of `n` in the order messages appear (Kafka order within the key's partition). */
export function orderBySubject(messages: readonly KafkaMessage[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of messages) {
    const e = JSON.parse(m.value!.toString()) as { subject: string; data: { n: number } };
    out.set(e.subject, [...(out.get(e.subject) ?? []), e.data.n]);
  }
  return out;
}

export function metricValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return Promise.resolve(0);
  return Promise.resolve(metric.get()).then((m) =>
    m.values
      .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
      .reduce((sum, v) => sum + v.value, 0),
  );
}

export const testMetrics = (name = 'events-test') => createMetrics(name);
