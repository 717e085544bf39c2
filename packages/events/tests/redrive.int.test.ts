import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@shopgraph/testing';
import { withTransaction, type Pool } from '@shopgraph/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dlqTopicOf,
  handle,
  outbox,
  redrive,
  redriveTopicOf,
  startConsumer,
  startRelay,
  type EventEnvelope,
} from '../src/index.ts';
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
  type CounterEvent,
} from './support.ts';

const logger = quietLogger();
const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../../../scripts/redrive.ts', import.meta.url));

/** The counter handler with a rule that rejects poison events until it is "fixed" (a new release). */
function fixableHandler(def: CounterEvent) {
  const inner = counterHandler(def);
  const state = { fixed: false };
  const handler = handle(def, async (tx, event) => {
    if (event.data.poison && !state.fixed) throw new Error(`rule violated by event ${event.data.n}`);
    await inner.fn(tx, { ...event, data: { n: event.data.n } });
  });
  return { handler, fix: () => (state.fixed = true) };
}

/** `make redrive SERVICE=<service>` as the Makefile runs it (node scripts/redrive.ts), in `namespace`. */
async function redriveCli(service: string, namespace: string, ...args: string[]): Promise<string> {
  const env = { ...process.env, KAFKA_BROKERS: brokers().join(','), KAFKA_NAMESPACE: namespace };
  const { stdout } = await run(process.execPath, [CLI, service, ...args], { env });
  return stdout.trim();
}

describe('dead letters are redrivable, each applied once (real PostgreSQL and Kafka)', () => {
  let db: TestDatabase;
  let pool: Pool;
  const topics: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('events_redrive');
    pool = await openDb(db.url);
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
    await deleteTopics(...topics);
  });

  it('when a handler rejects an event, then it is dead-lettered; after the fix a redrive applies it once, and redriving again is a no-op', async () => {
    // A real service name, as `make redrive SERVICE=inventory` takes; the namespace keeps it apart.
    const service = 'inventory';
    const namespace = `t-redrive-${randomBytes(3).toString('hex')}`;
    const def = counterEvent();
    const ns = (t: string) => `${namespace}.${t}`;
    topics.push(ns(def.topic), ns(dlqTopicOf(service)), ns(redriveTopicOf(service)));
    const { handler, fix } = fixableHandler(def);
    let poisonId = '';
    for (let n = 1; n <= 6; n++) {
      const e = await withTransaction(pool, (tx) =>
        outbox.add(tx, def, { subject: 'one-key', data: n === 3 ? { n, poison: true } : { n } }),
      );
      if (n === 3) poisonId = e.id;
    }
    const processed: EventEnvelope<unknown>[] = [];
    const metrics = testMetrics();
    const kafka = { brokers: brokers(), namespace, logger, metrics };
    const stopRelay = await startRelay({ ...kafka, service: def.producer, pool });
    const stopConsumer = await startConsumer({
      ...kafka,
      service,
      pool,
      handlers: [handler],
      maxAttempts: 2,
      retryBackoffMs: 10,
      onProcessed: (events) => processed.push(...events),
    });
    const group = `${namespace}.shopgraph.${service}`;
    const inbox = async () =>
      (
        await pool.query<{ outcome: string }>(
          'SELECT outcome FROM inbox WHERE consumer = $1 AND event_id = $2',
          [group, poisonId],
        )
      ).rows.map((r) => r.outcome);
    try {
      // Dead-lettered (a permanent error), the events after it applied.
      await waitFor(
        'five applied, one dead-lettered',
        async () =>
          processed.length === 5 &&
          (await metricValue(metrics, 'shopgraph_events_dead_lettered_total')) === 1,
      );
      expect(await inbox()).toEqual(['dead_lettered']);
      expect(await count(pool, 'SELECT count(*) AS n FROM effects WHERE event_id = $1', [poisonId])).toBe(0);

      // The fix ships; the operator redrives.
      fix();
      expect(await redriveCli(service, namespace)).toBe(
        `redrove 1 dead letters of ${service} (${ns(dlqTopicOf(service))} -> ${ns(redriveTopicOf(service))})`,
      );
      await waitFor('the redriven event applied', async () => processed.some((e) => e.id === poisonId));
      expect(await count(pool, 'SELECT applied AS n FROM effects WHERE event_id = $1', [poisonId])).toBe(1);
      expect(await inbox()).toEqual(['redriven']);

      // Again: nothing new in the DLQ, so nothing re-published.
      expect(await redriveCli(service, namespace)).toMatch(/^redrove 0 dead letters/);
      // Forced (the whole DLQ again): the inbox lets the event through only once.
      const dedupBefore = await metricValue(metrics, 'shopgraph_events_deduplicated_total');
      const again = await redrive({ ...kafka, service, all: true });
      expect(again.redriven).toBe(1);
      await waitFor(
        'the second redrive skipped as a duplicate',
        async () => (await metricValue(metrics, 'shopgraph_events_deduplicated_total')) === dedupBefore + 1,
      );
      expect(await count(pool, 'SELECT applied AS n FROM effects WHERE event_id = $1', [poisonId])).toBe(1);
      expect(await count(pool, 'SELECT count(*) AS n FROM effects')).toBe(6);
      expect(await count(pool, `SELECT total AS n FROM totals WHERE subject = 'one-key'`)).toBe(21);
      expect(await metricValue(metrics, 'shopgraph_events_dead_lettered_total')).toBe(1);
    } finally {
      await stopConsumer();
      await stopRelay();
    }
  });

  it('when SERVICE is not a service, then the CLI exits 2 with the list of services', async () => {
    const err = await redriveCli('nope', 'x').then(
      () => undefined,
      (e: unknown) => e as { code: number; stderr: string },
    );
    expect(err?.code).toBe(2);
    expect(err?.stderr).toMatch(/SERVICE must be one of brands, products, inventory/);
  });
});
