import { Partitioners } from 'kafkajs';
import pg from 'pg';
import { createTestDatabase, startTcpProxy, type TestDatabase } from '@shopgraph/testing';
import { createPool, type Pool } from '@shopgraph/platform';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dlqTopicOf, handle, redriveTopicOf, startConsumer, startRelay } from '../src/index.ts';
import {
  brokers,
  count,
  counterEvent,
  counterHandler,
  deleteTopics,
  metricValue,
  openDb,
  quietLogger,
  testMetrics,
  waitFor,
  writeEvents,
  type CounterEvent,
} from './support.ts';

const logger = quietLogger();
const RETRIES = 'shopgraph_events_transient_retries_total';
const DEAD = 'shopgraph_events_dead_lettered_total';
const PAUSED = 'shopgraph_events_paused_partitions';

/** The partition kafkajs' default partitioner gives `key` on a 3-partition topic. */
const partitionOf = (topic: string, key: string) =>
  Partitioners.DefaultPartitioner()({
    topic,
    partitionMetadata: [0, 1, 2].map((partitionId) => ({
      partitionErrorCode: 0,
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
    })),
    message: { key, value: null },
  });

/** The counter handler, with a short lock_timeout so a held row lock fails it with 55P03. */
function lockTimingOutHandler(def: CounterEvent) {
  const inner = counterHandler(def);
  return handle(def, async (tx, event) => {
    await tx.query(`SET LOCAL lock_timeout = '150ms'`);
    await inner.fn(tx, event);
  });
}

describe('transient failures are retried until they pass, never dead-lettered (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const topics: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('events_transient');
    pool = await openDb(db.url);
  });
  afterEach(async () => {
    await pool.query('TRUNCATE effects, totals, outbox, inbox');
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
    await deleteTopics(...topics);
  });

  it('when the path to PostgreSQL is cut mid-stream and restored, then nothing is dead-lettered and every event is applied exactly once', async () => {
    const def = counterEvent();
    const service = `cut${def.producer}`;
    topics.push(def.topic, dlqTopicOf(service), redriveTopicOf(service));
    // The consumer reaches PostgreSQL only through the proxy: cutting it is a real outage of its path.
    const proxy = await startTcpProxy(Number(new URL(db.url).port), new URL(db.url).hostname);
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const consumerPool = createPool({
      url: viaProxy.toString(),
      logger,
      applicationName: 'events-cut',
      max: 4,
    });
    const metrics = testMetrics();
    await writeEvents(pool, def, 300, 6);
    const stopRelay = await startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics });
    const stopConsumer = await startConsumer({
      service,
      pool: consumerPool,
      brokers: brokers(),
      logger,
      metrics,
      maxBatchSize: 20,
      retryBackoffMs: 50,
      retryBackoffMaxMs: 400,
      handlers: [counterHandler(def, { delayMs: 2 })],
    });
    try {
      await waitFor(
        'some effects',
        async () => (await count(pool, 'SELECT count(*) AS n FROM effects')) >= 30,
      );
      await proxy.cut();
      // Longer than the old 5 quick attempts (which dead-lettered): wait for 8 retries (or a dead letter).
      await waitFor(
        'retries during the outage',
        async () => (await metricValue(metrics, RETRIES)) >= 8 || (await metricValue(metrics, DEAD)) > 0,
      );
      expect(await metricValue(metrics, DEAD)).toBe(0);
      expect(await metricValue(metrics, PAUSED)).toBeGreaterThan(0);
      await proxy.restore();

      await waitFor(
        '300 effects',
        async () => (await count(pool, 'SELECT count(*) AS n FROM effects')) === 300,
      );
      expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE applied <> 1')).toBe(0);
      expect(await count(pool, 'SELECT sum(total) AS n FROM totals')).toBe(6 * ((50 * 51) / 2));
      expect(await count(pool, `SELECT count(*) AS n FROM inbox WHERE outcome <> 'processed'`)).toBe(0);
      expect(await metricValue(metrics, DEAD)).toBe(0);
      await waitFor('no partition paused', async () => (await metricValue(metrics, PAUSED)) === 0);
    } finally {
      await stopConsumer();
      await stopRelay();
      await consumerPool.end();
      await proxy.close();
    }
  });

  it('when a row lock outlasts the handler lock_timeout, then only that partition waits (others go on), the chunk is retried, and nothing is dead-lettered', async () => {
    const def = counterEvent();
    const service = `lock${def.producer}`;
    topics.push(def.topic, dlqTopicOf(service), redriveTopicOf(service));
    const keys = Array.from({ length: 6 }, (_, k) => `key-${k}`);
    const blocked = partitionOf(def.topic, 'key-0');
    const elsewhere = keys.filter((k) => partitionOf(def.topic, k) !== blocked);
    expect(elsewhere.length).toBeGreaterThan(0);
    // Another transaction holds key-0's totals row: every handler touching it hits lock_timeout (55P03).
    await pool.query(`INSERT INTO totals (subject, total) VALUES ('key-0', 0)`);
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT * FROM totals WHERE subject = 'key-0' FOR UPDATE`);
    const metrics = testMetrics();
    await writeEvents(pool, def, 120, 6);
    const stopRelay = await startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics });
    const stopConsumer = await startConsumer({
      service,
      pool,
      brokers: brokers(),
      logger,
      metrics,
      retryBackoffMs: 50,
      retryBackoffMaxMs: 400,
      handlers: [lockTimingOutHandler(def)],
    });
    try {
      const appliedElsewhere = () =>
        count(pool, 'SELECT count(*) AS n FROM effects WHERE subject = ANY($1)', [elsewhere]);
      await waitFor(
        'the other partitions applied while key-0 waits',
        async () =>
          ((await appliedElsewhere()) === elsewhere.length * 20 &&
            (await metricValue(metrics, RETRIES)) >= 8) ||
          (await metricValue(metrics, DEAD)) > 0,
      );
      expect(await metricValue(metrics, DEAD)).toBe(0);
      expect(await appliedElsewhere()).toBe(elsewhere.length * 20);
      expect(await count(pool, `SELECT count(*) AS n FROM effects WHERE subject = 'key-0'`)).toBe(0);
      expect(await metricValue(metrics, PAUSED)).toBeGreaterThan(0);

      await holder.query('ROLLBACK');
      await waitFor(
        '120 effects',
        async () => (await count(pool, 'SELECT count(*) AS n FROM effects')) === 120,
      );
      expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE applied <> 1')).toBe(0);
      expect(await count(pool, `SELECT total AS n FROM totals WHERE subject = 'key-0'`)).toBe((20 * 21) / 2);
      expect(await count(pool, `SELECT count(*) AS n FROM inbox WHERE outcome <> 'processed'`)).toBe(0);
      expect(await metricValue(metrics, DEAD)).toBe(0);
      expect(await metricValue(metrics, 'shopgraph_events_handler_errors_total')).toBe(0);
    } finally {
      await holder.end();
      await stopConsumer();
      await stopRelay();
    }
  });
});
