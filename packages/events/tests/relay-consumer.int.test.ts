import { createTestDatabase, type TestDatabase } from '@shopgraph/testing';
import type { Pool } from '@shopgraph/platform';
import { withTransaction } from '@shopgraph/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineEvent, dlqTopicOf, outbox, startConsumer, startRelay, Type } from '../src/index.ts';
import {
  brokers,
  count,
  counterEvent,
  counterHandler,
  deleteTopics,
  metricValue,
  openDb,
  orderBySubject,
  quietLogger,
  readTopic,
  testMetrics,
  waitFor,
  writeEvents,
} from './support.ts';

const logger = quietLogger();
const increasing = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);

describe('outbox -> relay -> Kafka -> idempotent consumer (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const topics: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('events');
    pool = await openDb(db.url);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
    await deleteTopics(...topics);
  });

  it('when events are committed, then each is published once with key = subject and CloudEvents headers, and applied once', async () => {
    const def = counterEvent();
    topics.push(def.topic, dlqTopicOf('happy'));
    const ids = await writeEvents(pool, def, 200, 5);
    const metrics = testMetrics();
    const stopRelay = await startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics });
    const stopConsumer = await startConsumer({
      service: 'happy',
      group: `g-${def.producer}`,
      pool,
      brokers: brokers(),
      logger,
      metrics,
      handlers: [counterHandler(def)],
    });
    try {
      await waitFor(
        '200 effects',
        async () => (await count(pool, 'SELECT count(*) AS n FROM effects')) === 200,
      );
      const messages = await readTopic(def.topic, 200);
      expect(messages).toHaveLength(200);
      const first = messages[0]!;
      const envelope = JSON.parse(first.value!.toString()) as { id: string; subject: string; type: string };
      expect(first.key!.toString()).toBe(envelope.subject);
      expect(first.headers!['ce_id']!.toString()).toBe(envelope.id);
      expect(first.headers!['ce_type']!.toString()).toBe(
        'shopgraph.' + def.producer + '.CounterIncremented.v1',
      );
      expect(new Set(messages.map((m) => JSON.parse(m.value!.toString()).id as string))).toEqual(
        new Set(ids),
      );
      for (const [, ns] of orderBySubject(messages)) expect(increasing(ns)).toBe(true);
      expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE applied <> 1')).toBe(0);
      expect(await count(pool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
      expect(await metricValue(metrics, 'shopgraph_events_published_total')).toBe(200);
      expect(await metricValue(metrics, 'shopgraph_events_consumed_total')).toBe(200);
      expect(await metricValue(metrics, 'shopgraph_events_relay_leader')).toBe(1);
    } finally {
      await stopConsumer();
      await stopRelay();
    }
  });

  it('when a message has a type no handler takes, then it is skipped and counted, and the next event is applied', async () => {
    const def = counterEvent();
    const Unhandled = defineEvent({
      producer: def.producer,
      name: 'CounterRenamed',
      version: 1,
      data: Type.Object({ name: Type.String() }),
    });
    topics.push(def.topic, dlqTopicOf('skipper'));
    // Same subject, so the same partition: the marker after the unhandled message proves it was read.
    await withTransaction(pool, (tx) => outbox.add(tx, Unhandled, { subject: 'skip', data: { name: 'x' } }));
    const marker = await withTransaction(pool, (tx) =>
      outbox.add(tx, def, { subject: 'skip', data: { n: 7 } }),
    );
    const metrics = testMetrics();
    let markerProcessed!: () => void;
    const processed = new Promise<void>((resolve) => (markerProcessed = resolve));
    const stopRelay = await startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics });
    const stopConsumer = await startConsumer({
      service: 'skipper',
      group: `g-skip-${def.producer}`,
      pool,
      brokers: brokers(),
      logger,
      metrics,
      handlers: [counterHandler(def)],
      onProcessed: (events) => {
        if (events.some((e) => e.id === marker.id)) markerProcessed();
      },
    });
    try {
      await processed;
      const group = `g-skip-${def.producer}`;
      expect(await metricValue(metrics, 'shopgraph_events_skipped_total', { type: Unhandled.type })).toBe(1);
      expect(await metricValue(metrics, 'shopgraph_events_skipped_total', { consumer: group })).toBe(1);
      expect(await metricValue(metrics, 'shopgraph_events_consumed_total', { type: def.type })).toBe(1);
      expect(await count(pool, `SELECT count(*) AS n FROM effects WHERE subject = 'skip'`)).toBe(1);
      expect(await count(pool, 'SELECT count(*) AS n FROM inbox WHERE event_id = $1', [marker.id])).toBe(1);
    } finally {
      await stopConsumer();
      await stopRelay();
    }
  });

  it('when two relays run for one service, then one publishes and 1,000 events on 10 keys keep their order per key', async () => {
    const def = counterEvent();
    topics.push(def.topic);
    const [m1, m2] = [testMetrics(), testMetrics()];
    const relays = await Promise.all(
      [m1, m2].map((metrics) =>
        startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics, batchSize: 100 }),
      ),
    );
    try {
      await writeEvents(pool, def, 1000, 10, 5);
      await waitFor(
        'outbox drained',
        async () =>
          (await count(pool, 'SELECT count(*) AS n FROM outbox WHERE topic = $1 AND published_at IS NULL', [
            def.topic,
          ])) === 0,
      );
      const published = [
        await metricValue(m1, 'shopgraph_events_published_total'),
        await metricValue(m2, 'shopgraph_events_published_total'),
      ];
      expect(published.sort((a, b) => a - b)).toEqual([0, 1000]);
      const leaders = [
        await metricValue(m1, 'shopgraph_events_relay_leader'),
        await metricValue(m2, 'shopgraph_events_relay_leader'),
      ];
      expect(leaders.sort()).toEqual([0, 1]);
      const messages = await readTopic(def.topic, 1000);
      expect(messages).toHaveLength(1000);
      const order = orderBySubject(messages);
      expect(order.size).toBe(10);
      for (const [, ns] of order) expect(ns).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    } finally {
      await Promise.all(relays.map((stop) => stop()));
    }
  });

  it('when a message keeps failing, then it is dead-lettered after N attempts with its error and headers, and the next ones are processed', async () => {
    const def = counterEvent();
    const Unknown = defineEvent({
      producer: def.producer,
      name: 'SomethingElse',
      version: 1,
      data: Type.Object({}),
    });
    const service = `dlq${def.producer}`;
    topics.push(def.topic, dlqTopicOf(service));
    await pool.query('TRUNCATE effects, totals');
    for (let n = 1; n <= 10; n++) {
      await withTransaction(pool, async (tx) => {
        await outbox.add(tx, def, { subject: 'one-key', data: n === 4 ? { n, poison: true } : { n } });
        if (n === 6) await outbox.add(tx, Unknown, { subject: 'one-key', data: {} });
      });
    }
    const metrics = testMetrics();
    const stopRelay = await startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics });
    const stopConsumer = await startConsumer({
      service,
      pool,
      brokers: brokers(),
      logger,
      metrics,
      handlers: [counterHandler(def)],
      maxAttempts: 3,
      retryBackoffMs: 20,
    });
    try {
      await waitFor('9 effects', async () => (await count(pool, 'SELECT count(*) AS n FROM effects')) === 9);
      const [dead] = await readTopic(dlqTopicOf(service), 1);
      expect(dead!.headers!['dlq_error']!.toString()).toBe('poison message 4');
      expect(dead!.headers!['dlq_attempts']!.toString()).toBe('3');
      expect(dead!.headers!['ce_type']!.toString()).toBe(def.type);
      expect(JSON.parse(dead!.value!.toString()).data).toEqual({ n: 4, poison: true });
      const applied = (await pool.query<{ n: number }>('SELECT n FROM effects ORDER BY position')).rows.map(
        (r) => r.n,
      );
      expect(applied).toEqual([1, 2, 3, 5, 6, 7, 8, 9, 10]);
      expect(await metricValue(metrics, 'shopgraph_events_handler_errors_total')).toBe(3);
      expect(await metricValue(metrics, 'shopgraph_events_dead_lettered_total', { type: def.type })).toBe(1);
      expect(await metricValue(metrics, 'shopgraph_events_skipped_total', { type: Unknown.type })).toBe(1);
      expect(await count(pool, `SELECT count(*) AS n FROM inbox WHERE outcome = 'dead_lettered'`)).toBe(1);
    } finally {
      await stopConsumer();
      await stopRelay();
    }
  });
});
