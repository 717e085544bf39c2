// Usage: node bench/subscriptions.ts   (`make bench-subscriptions`)
// Subscriptions on one gateway process (#14): SUBS open stockChanged subscriptions over PRODUCTS
// products (SUBS / PRODUCTS each) on CONNECTIONS WebSockets (graphql-ws), RATE StockLevelChanged
// events/s for DURATION s, and alongside a catalog query at QUERY_RATE req/s (open loop).
//
// It starts its own stack (every service + one gateway on ports BASE_PORT.., fresh databases, its
// own Kafka namespace on the shared broker; packages/testing startTestStack), so `make up` data is
// untouched. The events are real CloudEvents envelopes (packages/events createEnvelope, the
// catalog's StockLevelChanged type and schema, the product's seeded stock as data) published to
// the stack's inventory topic, keyed by product: the gateway consumes them like the relay's.
//
// Phases: warm-up; baseline (queries only, no subscription: query p95, idle RSS before and after); subscribe
// (SUBS subscriptions, each gets its current state); load (events + queries: event -> payload
// latency, RSS, query p95). Latency = payload received (this process's clock) - the envelope's
// `time` (set by this process when it publishes; same clock). Payloads of one subscription come
// in event order, so the k-th payload after the first answers the product's k-th event.
// Prints a table; exits 1 when a target is missed: p95 <= TARGET_P95_MS (100), RSS growth <=
// TARGET_RSS_MB (50), query p95 within TARGET_QUERY_PCT (10) % of the baseline, no payload lost.
// Each event matches SUBS / PRODUCTS subscriptions (5 by default: 1,000 payloads/s at 200 events/s),
// each payload resolved through the federated query path.
// Env: SUBS (1000), PRODUCTS (200), CONNECTIONS (100), RATE (200), DURATION (30), QUERY_RATE (50),
//      BASE_PORT (19200), SHARED (1; 0: one execution per subscription), plus the targets above.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { createEnvelope, envelopeHeaders, StockLevelChanged, topicOf } from '@shopgraph/events';
import { ROOT, runScript, startTestStack } from '@shopgraph/testing';
import { createClient, type Client } from 'graphql-ws';
import { Kafka, logLevel } from 'kafkajs';
import { openLoop, percentile } from '../loadtest/open-loop.ts';
import { seededProducts } from '../tests/e2e/checkout-stack.ts';

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SUBS = num('SUBS', 1000);
const PRODUCTS = num('PRODUCTS', 200);
const CONNECTIONS = num('CONNECTIONS', 100);
const RATE = num('RATE', 200);
const DURATION = num('DURATION', 30);
const QUERY_RATE = num('QUERY_RATE', 50);
const BASE_PORT = num('BASE_PORT', 19200);
const TARGET_P95_MS = num('TARGET_P95_MS', 100);
const TARGET_RSS_MB = num('TARGET_RSS_MB', 50);
const TARGET_QUERY_PCT = num('TARGET_QUERY_PCT', 10);
// SHARED=0: each subscription sends an extra (unused) variable of its own, so no two share a
// payload execution (the gateway groups by document + variables + identity): the pre-grouping cost.
const SHARED = process.env['SHARED'] !== '0';

if (!process.env['TEST_ADMIN_DATABASE_URL']) {
  runScript('scripts/stack/postgres.sh', ['start']);
  process.env['TEST_ADMIN_DATABASE_URL'] = runScript('scripts/stack/postgres.sh', ['url']).trim();
}
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

const STOCK_CHANGED = `subscription StockChanged($productId: ID!) { stockChanged(productId: $productId) { productId onHand reserved available } }`;
const CATALOG = JSON.stringify({
  query: readFileSync(path.join(ROOT, 'loadtest/operations/CatalogListing.graphql'), 'utf8'),
  variables: { first: 20 },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMb = (pid: number) => {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
};
/** A counter of the gateway's /metrics (summed over its series with the given field label). */
const counter = async (base: string, name: string, field: string) => {
  const text = await (await fetch(new URL('/metrics', base))).text();
  let sum = 0;
  for (const line of text.split('\n'))
    if (line.startsWith(`${name}{`) && line.includes(`field="${field}"`))
      sum += Number(line.split(' ').at(-1));
  return sum;
};
/** The gateway's own event -> send histogram for a field: cumulative count per bucket bound. */
const buckets = async (base: string, field: string) => {
  const text = await (await fetch(new URL('/metrics', base))).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('shopgraph_gateway_subscription_event_to_payload_seconds_bucket{')) continue;
    if (!line.includes(`field="${field}"`)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1] ?? '';
    out.set(le, (out.get(le) ?? 0) + Number(line.split(' ').at(-1)));
  }
  return out;
};
/** The bucket bound (ms) under which `q` of the observations between two snapshots fall. */
const bucketQuantile = (before: Map<string, number>, after: Map<string, number>, q: number) => {
  const rows = [...after].map(([le, n]) => [Number(le), n - (before.get(le) ?? 0)] as const);
  rows.sort((a, b) => a[0] - b[0]);
  const total = rows.at(-1)?.[1] ?? 0;
  const hit = rows.find(([, n]) => n >= q * total);
  return hit === undefined || total === 0 ? NaN : hit[0] * 1000;
};
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s.at(-1) ?? NaN,
    n: s.length,
  };
};
const queryLoad = async (url: string, seconds: number) => {
  const r = await openLoop({
    url,
    body: CATALOG,
    rate: QUERY_RATE,
    seconds,
    ok: (status, body) => status === 200 && !body.includes('"errors"'),
  });
  return { ...stats([...r.latencies]), errors: r.errors };
};

process.stdout.write(
  `starting the stack on ports ${BASE_PORT}-${BASE_PORT + 7} (own Kafka namespace, fresh databases)...\n`,
);
const stack = await startTestStack({
  name: 'subsbench',
  basePort: BASE_PORT,
  // One gateway process (GATEWAY_WORKERS defaults to one per CPU): its RSS is the one measured.
  env: { LOG_LEVEL: 'warn', GATEWAY_WORKERS: '1' },
});
const gatewayPid = Number(readFileSync(path.join(stack.env['RUN_DIR']!, 'gateway.pid'), 'utf8'));
const namespace = stack.env['KAFKA_NAMESPACE'] ?? '';
const kafka = new Kafka({ clientId: 'bench-subscriptions', brokers, logLevel: logLevel.NOTHING });
const producer = kafka.producer({ allowAutoTopicCreation: false });
const clients: Client[] = [];
let exitCode = 0;
try {
  await producer.connect();
  // The stack's inventory topic (packages/events inNamespace: `<namespace>.<topic>`).
  const topic = namespace ? `${namespace}.${topicOf('inventory')}` : topicOf('inventory');
  const products = seededProducts().slice(0, PRODUCTS);
  if (products.length < PRODUCTS) throw new Error(`only ${products.length} seeded products`);

  process.stdout.write(`warm-up and baseline: catalog query at ${QUERY_RATE} req/s, no subscription...\n`);
  await queryLoad(stack.gateway, 5);
  await sleep(2_000);
  const idleRss = rssMb(gatewayPid);
  const loadBaseline = loadavg()[0]!;
  const baseline = await queryLoad(stack.gateway, DURATION);
  const rssAfterBaseline = rssMb(gatewayPid); // the same idle gateway after 30 s of queries

  // SUBS subscriptions, round-robin over the products and the connections.
  process.stdout.write(`opening ${SUBS} subscriptions on ${CONNECTIONS} connections...\n`);
  const wsUrl = stack.gateway.replace(/^http/, 'ws');
  for (let c = 0; c < CONNECTIONS; c++)
    clients.push(createClient({ url: wsUrl, lazy: true, retryAttempts: 0, shouldRetry: () => false }));
  /** Per subscription: payloads received (the first is the current state), receive times. */
  const subs = Array.from({ length: SUBS }, (_, i) => ({
    product: products[i % products.length]!,
    received: [] as number[],
    errors: [] as string[],
    done: false,
  }));
  const unsubscribes = subs.map((sub, i) =>
    clients[i % clients.length]!.subscribe(
      { query: STOCK_CHANGED, variables: { productId: sub.product.id, ...(SHARED ? {} : { n: i }) } },
      {
        next: () => sub.received.push(Date.now()),
        error: (err) => sub.errors.push(err instanceof Error ? err.message : JSON.stringify(err)),
        complete: () => (sub.done = true),
      },
    ),
  );
  const subscribeStarted = performance.now();
  while (
    subs.some((s) => s.received.length === 0 && s.errors.length === 0) &&
    performance.now() - subscribeStarted < 60_000
  )
    await sleep(100);
  const subscribeS = (performance.now() - subscribeStarted) / 1000;
  const failedToOpen = subs.filter((s) => s.received.length === 0);
  if (failedToOpen.length > 0)
    throw new Error(
      `${failedToOpen.length} subscriptions got no first payload, e.g. ${failedToOpen[0]!.errors[0] ?? 'nothing'}`,
    );
  const rssOpen = rssMb(gatewayPid);

  // Load: RATE events/s round-robin over the products (open loop), queries alongside.
  process.stdout.write(`load: ${RATE} events/s and ${QUERY_RATE} queries/s for ${DURATION} s...\n`);
  const eventTimes = new Map<string, number[]>(products.map((p) => [p.id, []]));
  const rssSamples: number[] = [];
  const sampler = setInterval(() => rssSamples.push(rssMb(gatewayPid)), 1_000);
  const loadBefore = loadavg()[0]!;
  const EXECUTIONS = 'shopgraph_gateway_subscription_executions_total';
  const PAYLOADS = 'shopgraph_gateway_subscription_payloads_total';
  const executionsBefore = await counter(stack.gateway, EXECUTIONS, 'stockChanged');
  const payloadsBefore = await counter(stack.gateway, PAYLOADS, 'stockChanged');
  const histogramBefore = await buckets(stack.gateway, 'stockChanged');
  const publish = (async () => {
    const total = Math.round(RATE * DURATION);
    const t0 = performance.now();
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < total; i++) {
      const wait = t0 + (i * 1000) / RATE - performance.now();
      if (wait > 0) await sleep(wait);
      const p = products[i % products.length]!;
      const now = new Date();
      const envelope = createEnvelope({
        producer: 'inventory',
        type: StockLevelChanged.type,
        subject: p.id,
        time: now,
        data: { productId: p.id, onHand: p.onHand, reserved: 0, available: p.onHand },
      });
      eventTimes.get(p.id)!.push(now.getTime());
      sends.push(
        producer.send({
          topic,
          messages: [{ key: p.id, value: JSON.stringify(envelope), headers: envelopeHeaders(envelope) }],
        }),
      );
    }
    await Promise.all(sends);
  })();
  const [withSubs] = await Promise.all([queryLoad(stack.gateway, DURATION), publish]);
  // The last events' payloads.
  const expected = (s: (typeof subs)[number]) => 1 + eventTimes.get(s.product.id)!.length;
  const settleStarted = performance.now();
  while (subs.some((s) => s.received.length < expected(s)) && performance.now() - settleStarted < 10_000)
    await sleep(100);
  clearInterval(sampler);
  const loadAfter = loadavg()[0]!;
  const rssLoad = Math.max(...rssSamples, rssMb(gatewayPid));
  const executions = (await counter(stack.gateway, EXECUTIONS, 'stockChanged')) - executionsBefore;
  const payloads = (await counter(stack.gateway, PAYLOADS, 'stockChanged')) - payloadsBefore;
  const histogramAfter = await buckets(stack.gateway, 'stockChanged');
  const gwP50 = bucketQuantile(histogramBefore, histogramAfter, 0.5);
  const gwP95 = bucketQuantile(histogramBefore, histogramAfter, 0.95);

  const latencies: number[] = [];
  let lost = 0;
  let extra = 0;
  for (const s of subs) {
    const times = eventTimes.get(s.product.id)!;
    const after = s.received.slice(1);
    times.forEach((t, k) => (after[k] === undefined ? lost++ : latencies.push(after[k]! - t)));
    extra += Math.max(0, after.length - times.length);
  }
  const lat = stats(latencies);
  const rssGrowth = rssLoad - idleRss;
  const queryEffect = ((withSubs.p95 - baseline.p95) / baseline.p95) * 100;
  const met = {
    latency: lat.p95 <= TARGET_P95_MS && lost === 0 && extra === 0,
    rss: rssGrowth <= TARGET_RSS_MB,
    query: queryEffect <= TARGET_QUERY_PCT && baseline.errors === 0 && withSubs.errors === 0,
  };
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  process.stdout.write(
    [
      ``,
      `subscriptions benchmark: ${SUBS} stockChanged subscriptions over ${PRODUCTS} products on ${CONNECTIONS} connections, one gateway process${SHARED ? '' : ' (SHARED=0: no shared executions)'}`,
      `  ${RATE} events/s for ${DURATION} s (${fmt((RATE * SUBS) / PRODUCTS)} payloads/s), catalog query at ${QUERY_RATE} req/s; ${SUBS} first payloads in ${fmt(subscribeS, 1)} s`,
      `  under load: ${fmt(executions)} federated payload executions for ${fmt(payloads)} payloads (${fmt(payloads / executions, 1)} payloads per execution)`,
      `  gateway-side event -> send (its histogram, bucket bounds): p50 <= ${fmt(gwP50)} ms, p95 <= ${fmt(gwP95)} ms`,
      `  load average (1 min): baseline ${fmt(loadBaseline, 1)}, load ${fmt(loadBefore, 1)} -> ${fmt(loadAfter, 1)} on ${cpus().length} CPUs`,
      ``,
      row(['measure', 'p50', 'p95', 'p99', 'max', 'n', 'target', 'result']),
      row(['---', '---', '---', '---', '---', '---', '---', '---']),
      row([
        'event -> payload (ms)',
        fmt(lat.p50),
        fmt(lat.p95),
        fmt(lat.p99),
        fmt(lat.max),
        `${lat.n} (lost ${lost}, extra ${extra})`,
        `p95 <= ${TARGET_P95_MS}, none lost`,
        met.latency ? 'MET' : 'MISSED',
      ]),
      row([
        'query, no subscription (ms)',
        fmt(baseline.p50),
        fmt(baseline.p95),
        fmt(baseline.p99),
        fmt(baseline.max),
        `${baseline.n} (errors ${baseline.errors})`,
        '',
        '',
      ]),
      row([
        `query, ${SUBS} subs + events (ms)`,
        fmt(withSubs.p50),
        fmt(withSubs.p95),
        fmt(withSubs.p99),
        fmt(withSubs.max),
        `${withSubs.n} (errors ${withSubs.errors})`,
        `p95 +${TARGET_QUERY_PCT} % at most (${fmt(queryEffect, 1)} %)`,
        met.query ? 'MET' : 'MISSED',
      ]),
      ``,
      row([
        'gateway RSS (MB)',
        'idle',
        'idle after the baseline queries',
        `${SUBS} subs open`,
        'under load (max)',
        'growth',
        'target',
        'result',
      ]),
      row(['---', '---', '---', '---', '---', '---', '---', '---']),
      row([
        '',
        fmt(idleRss),
        fmt(rssAfterBaseline),
        fmt(rssOpen),
        fmt(rssLoad),
        fmt(rssGrowth),
        `<= ${TARGET_RSS_MB}`,
        met.rss ? 'MET' : 'MISSED',
      ]),
      ``,
    ].join('\n'),
  );
  if (!met.latency || !met.rss || !met.query) exitCode = 1;
  for (const u of unsubscribes) u();
} finally {
  for (const c of clients) await c.dispose();
  await producer.disconnect().catch(() => undefined);
  await stack.stop();
}
process.exit(exitCode);
