// Event backbone benchmark: outbox -> relay -> Kafka -> consumer effect, on this machine.
// Usage: node bench/events.ts [--events 30000] [--rate 500] [--minutes 0.5]
//   1. throughput: a backlog of --events rows drained by one relay into one consumer (events/s)
//   2. steady load: --rate events/s for --minutes, one transaction each; commit-to-effect
//      latency p50/p95/p99 and RSS samples of this process (writer + relay + consumer)
// Starts PostgreSQL and Kafka with the project scripts unless TEST_ADMIN_DATABASE_URL / KAFKA_BROKERS are set.
import { parseArgs } from 'node:util';
import { createLogger, createMetrics, createPool, runMigrations, withTransaction } from '@shopgraph/platform';
import { createTestDatabase, runScript } from '@shopgraph/testing';
import {
  defineEvent,
  eventsMigrations,
  handle,
  outbox,
  startConsumer,
  startRelay,
  Type,
} from '@shopgraph/events';
import { Kafka, logLevel } from 'kafkajs';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '30000' },
    rate: { type: 'string', default: '500' },
    minutes: { type: 'string', default: '0.5' },
  },
});
const TOTAL = Number(values.events);
const RATE = Number(values.rate);
const DURATION_MS = Number(values.minutes) * 60_000;

if (!process.env['TEST_ADMIN_DATABASE_URL']) {
  runScript('scripts/stack/postgres.sh', ['start']);
  process.env['TEST_ADMIN_DATABASE_URL'] = runScript('scripts/stack/postgres.sh', ['url']).trim();
}
if (!process.env['KAFKA_BROKERS']) runScript('scripts/kafka/run.sh', ['start']);
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

const logger = createLogger('bench', process.env['LOG_LEVEL'] ?? 'warn');
const metrics = createMetrics('bench');
const db = await createTestDatabase('bench_events');
const pool = createPool({ url: db.url, logger, applicationName: 'bench', max: 12 });
await runMigrations(pool, [eventsMigrations], logger);
await pool.query('CREATE TABLE effects (event_id uuid PRIMARY KEY, subject text NOT NULL, n int NOT NULL)');

const producer = `bench${Date.now().toString(36)}`;
const Bench = defineEvent({
  producer,
  name: 'BenchTicked',
  version: 1,
  data: Type.Object({ n: Type.Integer() }),
});
const subject = (i: number) => `agg-${i % 100}`;

const committedAt = new Map<string, number>();
const latencies: number[] = [];
let effects = 0;
const stopConsumer = await startConsumer({
  service: 'bench',
  group: `bench-${producer}`,
  pool,
  brokers,
  logger,
  metrics,
  partitionsConsumedConcurrently: 3,
  handlers: [
    handle(
      Bench,
      async (tx, e) =>
        void (await tx.query('INSERT INTO effects VALUES ($1, $2, $3)', [e.id, e.subject, e.data.n])),
    ),
  ],
  onProcessed: (events) => {
    const now = performance.now();
    effects += events.length;
    for (const e of events) {
      const t = committedAt.get(e.id);
      if (t !== undefined) {
        latencies.push(now - t);
        committedAt.delete(e.id);
      }
    }
  },
});
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
};

// 1. Throughput: backlog first (4 writers, 100 events per transaction), then one relay drains it.
let t0 = performance.now();
let written = 0;
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (written < TOTAL) {
      const n = Math.min(100, TOTAL - written);
      written += n;
      await withTransaction(pool, async (tx) => {
        for (let i = 0; i < n; i++) await outbox.add(tx, Bench, { subject: subject(i), data: { n: i } });
      });
    }
  }),
);
const writeS = (performance.now() - t0) / 1000;
t0 = performance.now();
const stopRelay = await startRelay({
  service: producer,
  pool,
  brokers,
  logger,
  metrics,
  batchSize: 1000,
  statsIntervalMs: 1000,
});
let relayS = 0;
const published = metrics.registry.getSingleMetric('shopgraph_events_published_total')!;
while (effects < TOTAL) {
  if (!relayS && (await published.get()).values.reduce((a, v) => a + v.value, 0) >= TOTAL)
    relayS = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 5));
}
const drainS = (performance.now() - t0) / 1000;
console.log(
  `throughput: ${TOTAL} events written in ${writeS.toFixed(1)}s (${Math.round(TOTAL / writeS)}/s, 100 per tx)`,
);
console.log(
  `throughput: relay alone (outbox -> Kafka acked + marked): ${Math.round(TOTAL / relayS)} events/s`,
);
console.log(
  `throughput: outbox -> Kafka -> consumer effect: ${TOTAL} in ${drainS.toFixed(1)}s = ${Math.round(TOTAL / drainS)} events/s`,
);

// 2. Steady load: RATE events/s, one transaction each, ticks every 20 ms.
const rss: string[] = [];
const mb = () => Math.round(process.memoryUsage().rss / 1e6);
rss.push(`${mb()}MB@0s`);
let sent = 0;
const start = performance.now();
const sampler = setInterval(
  () => rss.push(`${mb()}MB@${Math.round((performance.now() - start) / 1000)}s`),
  Math.max(5_000, DURATION_MS / 20),
);
const inflight = new Set<Promise<void>>();
while (performance.now() - start < DURATION_MS) {
  const due = Math.floor(((performance.now() - start) / 1000) * RATE) - sent;
  for (let i = 0; i < due; i++) {
    const n = sent++;
    const p = withTransaction(pool, (tx) => outbox.add(tx, Bench, { subject: subject(n), data: { n } })).then(
      (e) => {
        committedAt.set(e.id, performance.now());
      },
    );
    const tracked = p.finally(() => inflight.delete(tracked));
    inflight.add(tracked);
  }
  await new Promise((r) => setTimeout(r, 20));
}
await Promise.all(inflight);
await until(() => effects >= TOTAL + sent);
clearInterval(sampler);
rss.push(`${mb()}MB@end`);
latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1);
const actual = sent / (DURATION_MS / 1000);
console.log(
  `steady: ${sent} events at ${actual.toFixed(0)}/s for ${(DURATION_MS / 60_000).toFixed(1)} min; commit-to-effect ms p50 ${pct(50)} p95 ${pct(95)} p99 ${pct(99)} max ${pct(100)} (n=${latencies.length})`,
);
console.log(`rss: ${rss.join(' ')}`);

await stopRelay();
await stopConsumer();
await pool.end();
await db.drop();
const admin = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).admin();
await admin.connect();
await admin.deleteTopics({ topics: [Bench.topic, 'shopgraph.bench.dlq'] }).catch(() => undefined);
await admin.disconnect();
