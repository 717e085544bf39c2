import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { createTestDatabase, startTcpProxy, type TestDatabase } from '@shopgraph/testing';
import type { Pool } from '@shopgraph/platform';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dlqTopicOf, startConsumer, startRelay } from '../src/index.ts';
import {
  brokers,
  count,
  counterEvent,
  counterHandler,
  deleteTopics,
  kafka,
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
const fixture = (name: string) => new URL(`./fixtures/${name}.ts`, import.meta.url).pathname;

/** Runs a fixture script; resolves once it printed `line`. */
function runFixture(name: string, args: string[], line: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [fixture(name), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.split('\n').includes(line)) resolve(child);
    });
    child.once('exit', (code) =>
      reject(new Error(`fixture ${name} exited (${code}) before printing "${line}"`)),
    );
  });
}

const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

const checksum = async (pool: Pool) =>
  (
    await pool.query<{ sum: string }>(
      `SELECT md5(string_agg(subject || '=' || total, ',' ORDER BY subject)) AS sum FROM totals`,
    )
  ).rows[0]!.sum;

describe('event backbone failure modes (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const topics: string[] = [];
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('events_failures');
    pool = await openDb(db.url);
  });
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) await killed(c);
    await pool.query('TRUNCATE effects, totals, outbox, inbox');
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
    await deleteTopics(...topics);
  });

  it('when the process dies after the commit and before marking published, then after restart every committed event is observed and applied once', async () => {
    const def = counterEvent();
    topics.push(def.topic, dlqTopicOf('crash'));
    // Arrange: 200 committed; the child's relay got the first 50 acknowledged by Kafka, then died unmarked.
    const child = await runFixture('producer', [db.url, def.producer, '200', '50'], 'published');
    children.push(child);
    await killed(child);
    expect(await count(pool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')).toBe(200);
    const committed = new Set(
      (await pool.query<{ id: string }>('SELECT id FROM outbox')).rows.map((r) => r.id),
    );

    // Act: restart (relay and a consumer in this process).
    const metrics = testMetrics();
    const stopRelay = await startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics });
    const stopConsumer = await startConsumer({
      service: 'crash',
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
      await waitFor(
        'duplicates consumed',
        async () => (await metricValue(metrics, 'shopgraph_events_deduplicated_total')) === 50,
      );

      // Assert: Kafka holds the 50 republished twice; the consumer saw exactly the committed set, once each.
      const messages = await readTopic(def.topic, 250);
      expect(messages).toHaveLength(250);
      const observed = new Set(
        (await pool.query<{ event_id: string }>('SELECT event_id FROM effects')).rows.map((r) => r.event_id),
      );
      expect(observed).toEqual(committed);
      expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE applied <> 1')).toBe(0);
      expect(await metricValue(metrics, 'shopgraph_events_consumed_total')).toBe(200);
    } finally {
      await stopConsumer();
      await stopRelay();
    }
  });

  it('when the broker is unreachable for a while, then the relay backs off without crashing and drains in order per key afterwards', async () => {
    const def = counterEvent();
    topics.push(def.topic);
    const [host, port] = brokers()[0]!.split(':');
    const proxy = await startTcpProxy(Number(port), host);
    // kafkajs reconnects to the advertised listener: route every broker connection through the proxy.
    const viaProxy = {
      socketFactory: ({ onConnect }: { onConnect: () => void }) =>
        net.connect({ host: '127.0.0.1', port: proxy.port }, onConnect),
    };
    const metrics = testMetrics();
    const stopRelay = await startRelay({
      service: def.producer,
      pool,
      brokers: [`127.0.0.1:${proxy.port}`],
      kafka: viaProxy,
      logger,
      metrics,
      batchSize: 50,
      backoffInitialMs: 100,
      backoffMaxMs: 1_000,
      statsIntervalMs: 200,
    });
    try {
      await writeEvents(pool, def, 100, 5);
      await waitFor(
        'first 100 published',
        async () => (await metricValue(metrics, 'shopgraph_events_published_total')) === 100,
      );

      await proxy.cut();
      await writeEvents(pool, def, 300, 5);
      // The relay has met the outage and reported it: failed attempts, the whole backlog, over a second old.
      await waitFor(
        'publish errors and an aging backlog',
        async () =>
          (await metricValue(metrics, 'shopgraph_events_publish_errors_total')) > 1 &&
          (await metricValue(metrics, 'shopgraph_events_outbox_pending')) === 300 &&
          (await metricValue(metrics, 'shopgraph_events_outbox_oldest_age_seconds')) > 1,
      );
      const errorsDuringOutage = await metricValue(metrics, 'shopgraph_events_publish_errors_total');
      expect(errorsDuringOutage).toBeGreaterThan(1);
      expect(errorsDuringOutage).toBeLessThan(40); // backed off, not a hot loop
      expect(await metricValue(metrics, 'shopgraph_events_published_total')).toBe(100);
      expect(await metricValue(metrics, 'shopgraph_events_outbox_pending')).toBe(300);
      expect(await metricValue(metrics, 'shopgraph_events_outbox_oldest_age_seconds')).toBeGreaterThan(1);

      await proxy.restore();
      await waitFor(
        'backlog drained',
        async () => (await count(pool, 'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL')) === 0,
        30_000,
      );
      const messages = await readTopic(def.topic, 400);
      const ids = new Set(messages.map((m) => JSON.parse(m.value!.toString()).id as string));
      expect(ids.size).toBe(400);
      // Per key, first deliveries in Kafka order: n = 1..20 before the outage, then 1..60 written during it.
      const seen = new Set<string>();
      const firsts = messages.filter((m) => {
        const id = JSON.parse(m.value!.toString()).id as string;
        return !seen.has(id) && Boolean(seen.add(id));
      });
      const order = orderBySubject(firsts);
      expect(order.size).toBe(5);
      const range = (k: number) => Array.from({ length: k }, (_, i) => i + 1);
      for (const [, ns] of order) expect(ns).toEqual([...range(20), ...range(60)]);
    } finally {
      await stopRelay();
      await proxy.close();
    }
  });

  it('when a consumer dies mid-batch and the topic is later replayed from offset 0, then its state is unchanged', async () => {
    const def = counterEvent();
    const group = `g-${def.producer}`;
    topics.push(def.topic, dlqTopicOf('fixture'), dlqTopicOf('replay'));
    const metrics = testMetrics();
    const stopRelay = await startRelay({ service: def.producer, pool, brokers: brokers(), logger, metrics });
    try {
      await writeEvents(pool, def, 600, 6);
      await readTopic(def.topic, 600);

      // A consumer in a child process, killed while its effects are half way.
      const child = await runFixture('consumer', [db.url, def.producer, group], 'consuming');
      children.push(child);
      await waitFor(
        'some effects',
        async () => (await count(pool, 'SELECT count(*) AS n FROM effects')) >= 150,
        30_000,
      );
      await killed(child);
      const before = await count(pool, 'SELECT count(*) AS n FROM effects');
      expect(before).toBeLessThan(600);

      // Restarted: the rest is applied, nothing twice.
      let stopConsumer = await startConsumer({
        service: 'replay',
        group,
        pool,
        brokers: brokers(),
        logger,
        metrics,
        handlers: [counterHandler(def)],
      });
      await waitFor(
        '600 effects',
        async () => (await count(pool, 'SELECT count(*) AS n FROM effects')) === 600,
        40_000,
      );
      await stopConsumer();
      expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE applied <> 1')).toBe(0);
      const sum = await checksum(pool);
      expect(await count(pool, 'SELECT sum(total) AS n FROM totals')).toBe(6 * ((100 * 101) / 2));

      // Replay: the group's offsets back to 0.
      const admin = kafka().admin();
      await admin.connect();
      await admin.resetOffsets({ groupId: group, topic: def.topic, earliest: true });
      await admin.disconnect();
      const dedupBefore = await metricValue(metrics, 'shopgraph_events_deduplicated_total');
      stopConsumer = await startConsumer({
        service: 'replay',
        group,
        pool,
        brokers: brokers(),
        logger,
        metrics,
        handlers: [counterHandler(def)],
      });
      await waitFor(
        '600 replayed as duplicates',
        async () => (await metricValue(metrics, 'shopgraph_events_deduplicated_total')) - dedupBefore === 600,
        40_000,
      );
      await stopConsumer();
      expect(await checksum(pool)).toBe(sum);
      expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE applied <> 1')).toBe(0);
    } finally {
      await stopRelay();
    }
  });
});
