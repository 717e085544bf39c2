// Usage: node bench/checkout.ts   (`make bench-checkout`)
// Checkout latency through the gateway: a steady RATE placeOrder/s (tok_visa, one line) for
// DURATION seconds, open model (each request is sent on its schedule, whatever the previous
// ones are doing, so slow answers cannot hide latency), then waits until every order is terminal.
//
// It starts its own stack (its own PostgreSQL and Kafka, every service + gateway on ports
// BASE_PORT.., fresh databases; tests/e2e/checkout-stack.ts), so `make up` data is untouched
// and every run starts from the same seed. Stock of the products used is raised first so that orders are
// CONFIRMED, not REJECTED.
//
// placeOrder -> CONFIRMED is measured from the moment the request is sent (client clock) to
// the CONFIRMED row of the order's status history (PostgreSQL clock, same machine).
// Prints p50/p95/p99/max of that and of the placeOrder round trip, errors, final statuses.
// Exits 1 when p95 > TARGET_P95_MS, any request failed, or an order is not terminal at the end.
// Env: RATE (20), DURATION (60), SHOPPERS (20), BASE_PORT (19000), TARGET_P95_MS (300),
//      SETTLE_S (60), PAYMENT_SLOW_DELAY_MS passed through.
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import path from 'node:path';
import { gql, ROOT } from '@shopgraph/testing';
import { startChaosInfra, type ChaosInfra } from '../scripts/chaos/infra.ts';
import type { StackService } from '@shopgraph/testing';
import {
  bearer,
  newShopper,
  PLACE,
  seededProducts,
  startCheckoutStack,
  TERMINAL,
  type Shopper,
} from '../tests/e2e/checkout-stack.ts';

const rate = Number(process.env['RATE'] ?? 20);
const duration = Number(process.env['DURATION'] ?? 60);
const shoppersN = Number(process.env['SHOPPERS'] ?? 20);
const basePort = Number(process.env['BASE_PORT'] ?? 19000);
const targetP95 = Number(process.env['TARGET_P95_MS'] ?? 300);
const settleS = Number(process.env['SETTLE_S'] ?? 60);

// Its own PostgreSQL and Kafka (.data/bench-checkout, free ports; scripts/chaos/infra.ts), so
// neither the servers of `make up` / `make test` nor other runs' load are in the figures.
// TEST_ADMIN_DATABASE_URL + KAFKA_BROKERS point it at existing servers instead.
let infra: ChaosInfra | undefined;
if (!process.env['TEST_ADMIN_DATABASE_URL'] || !process.env['KAFKA_BROKERS']) {
  // Full JIT for the broker under load (scripts/kafka/run.sh defaults to C1 for fast starts).
  process.env['KAFKA_JVM_OPTS'] ??= '-XX:+UseG1GC -XX:MaxGCPauseMillis=20';
  infra = await startChaosInfra(path.join(ROOT, '.data/bench-checkout'));
  process.env['TEST_ADMIN_DATABASE_URL'] = infra.adminUrl;
  process.env['KAFKA_BROKERS'] = infra.brokers;
}

const pct = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const summary = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return `p50 ${pct(s, 50).toFixed(0)} ms, p95 ${pct(s, 95).toFixed(0)} ms, p99 ${pct(s, 99).toFixed(0)} ms, max ${(s.at(-1) ?? NaN).toFixed(0)} ms (n=${s.length})`;
};

process.stdout.write(
  `starting the checkout stack on ports ${basePort}-${basePort + 7} (own Kafka namespace, fresh databases)...\n`,
);
const stack = await startCheckoutStack(basePort, { LOG_LEVEL: 'warn' }).catch(async (err: unknown) => {
  await infra?.stop();
  throw err;
});
let exitCode = 0;
try {
  const gw = stack.gateway;
  const products = seededProducts().filter((p) => p.price.currency === 'EUR');
  for (const p of products) {
    const res = await gql(
      gw,
      'mutation($input: SetStockInput!) { setStock(input: $input) { onHand } }',
      { input: { productId: p.id, onHand: 100_000, reason: 'checkout benchmark' } },
      bearer(stack.adminToken),
    );
    if (res.errors) throw new Error(`setStock: ${JSON.stringify(res.errors)}`);
  }
  // One at a time: registration hashes with a slow KDF on purpose.
  const shoppers: Shopper[] = [];
  for (let i = 0; i < shoppersN; i++) shoppers.push(await newShopper(gw, `bench${i}`));
  // Warm-up: connections, JIT, the products' new stock through Kafka.
  await new Promise((r) => setTimeout(r, 3_000));

  const loadBefore = loadavg()[0]!;
  const total = Math.round(rate * duration);
  const sentAt = new Map<string, number>();
  const rtt: number[] = [];
  let errors = 0;
  const errorSamples: string[] = [];
  process.stdout.write(`placing ${total} orders at ${rate}/s for ${duration} s...\n`);
  const t0 = performance.now() + 100;
  const epoch0 = Date.now() + 100;
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const shopper = shoppers[i % shoppers.length]!;
    const product = products[i % products.length]!;
    const sendEpoch = epoch0 + (performance.now() - t0);
    inflight.push(
      (async () => {
        const start = performance.now();
        try {
          const res = await gql<{ placeOrder: { id: string } }>(
            gw,
            PLACE,
            {
              input: {
                idempotencyKey: randomUUID(),
                lines: [{ productId: product.id, quantity: 1 }],
                shippingAddressId: shopper.addressId,
                paymentToken: 'tok_visa',
              },
            },
            bearer(shopper.token),
          );
          rtt.push(performance.now() - start);
          if (res.errors || !res.data?.placeOrder) {
            errors++;
            if (errorSamples.length < 3) errorSamples.push(JSON.stringify(res.errors ?? res).slice(0, 300));
          } else sentAt.set(res.data.placeOrder.id, sendEpoch);
        } catch (err) {
          errors++;
          if (errorSamples.length < 3) errorSamples.push(String(err));
        }
      })(),
    );
  }
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - t0) / 1000;

  // Settle: every order terminal, read from the orders database (one query, not 1200 polls).
  const orders = new pg.Client({ connectionString: stack.dbs['orders']!.url });
  await orders.connect();
  const ids = [...sentAt.keys()];
  const deadline = Date.now() + settleS * 1000;
  let statuses: { id: string; status: string; confirmedAt: Date | null }[] = [];
  for (;;) {
    statuses = (
      await orders.query<{ id: string; status: string; confirmedAt: Date | null }>(
        `SELECT o.id, o.status, (SELECT min(h.at) FROM order_status_history h WHERE h.order_id = o.id AND h.status = 'CONFIRMED') AS "confirmedAt"
         FROM orders o WHERE o.id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows;
    if (statuses.every((s) => TERMINAL.includes(s.status)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const placedAt = new Map(
    (
      await orders.query<{ id: string; at: Date }>(
        'SELECT id, created_at AS at FROM orders WHERE id = ANY($1::uuid[])',
        [ids],
      )
    ).rows.map((r) => [r.id, r.at.getTime()]),
  );
  await orders.end();
  // Where the time goes, hop by hop, from each service's own rows (read-only).
  const firstAt = async (db: StackService, sql: string) => {
    const client = new pg.Client({ connectionString: stack.dbs[db]!.url });
    await client.connect();
    try {
      return new Map(
        (await client.query<{ id: string; at: Date }>(sql, [ids])).rows.map((r) => [r.id, r.at.getTime()]),
      );
    } finally {
      await client.end();
    }
  };
  const reservedAt = await firstAt(
    'inventory',
    'SELECT order_id AS id, min(created_at) AS at FROM stock_reservations WHERE order_id = ANY($1::uuid[]) GROUP BY order_id',
  );
  const authorizedAt = await firstAt(
    'payments',
    'SELECT order_id AS id, created_at AS at FROM payments WHERE order_id = ANY($1::uuid[])',
  );
  const confirmedAt = new Map(
    statuses.filter((s) => s.confirmedAt).map((s) => [s.id, s.confirmedAt!.getTime()]),
  );
  const hop = (from: Map<string, number>, to: Map<string, number>) =>
    ids.filter((id) => from.has(id) && to.has(id)).map((id) => to.get(id)! - from.get(id)!);

  // Finer: each event's outbox row (created, published by the relay) and the consumer's inbox
  // row (received in the handler's transaction), so a hop splits into relay, Kafka -> consumer
  // and the step's own work.
  const eventHops = async (producer: StackService, type: string, consumer: StackService) => {
    const out = new pg.Client({ connectionString: stack.dbs[producer]!.url });
    const inb = new pg.Client({ connectionString: stack.dbs[consumer]!.url });
    await Promise.all([out.connect(), inb.connect()]);
    try {
      const rows = (
        await out.query<{ event: string; order: string; created: Date; published: Date | null }>(
          // The order is the key of order and stock events, data.orderId of payment events.
          `SELECT id AS event, coalesce((envelope::jsonb) #>> '{data,orderId}', key) AS order,
             created_at AS created, published_at AS published FROM outbox
           WHERE type LIKE $2 AND coalesce((envelope::jsonb) #>> '{data,orderId}', key) = ANY($1::text[])`,
          [ids, `%${type}%`],
        )
      ).rows;
      const received = new Map(
        (
          await inb.query<{ event: string; at: Date }>(
            'SELECT event_id AS event, min(received_at) AS at FROM inbox WHERE event_id = ANY($1::uuid[]) GROUP BY event_id',
            [rows.map((r) => r.event)],
          )
        ).rows.map((r) => [r.event, r.at.getTime()]),
      );
      return {
        created: new Map(rows.map((r) => [r.order, r.created.getTime()])),
        relay: rows.filter((r) => r.published).map((r) => r.published!.getTime() - r.created.getTime()),
        consume: rows
          .filter((r) => r.published && received.has(r.event))
          .map((r) => received.get(r.event)! - r.published!.getTime()),
        received: new Map(
          rows.filter((r) => received.has(r.event)).map((r) => [r.order, received.get(r.event)!]),
        ),
      };
    } finally {
      await Promise.all([out.end(), inb.end()]);
    }
  };
  const placed = await eventHops('orders', 'OrderPlaced', 'inventory');
  const reserved = await eventHops('inventory', 'StockReserved', 'payments');
  const authorized = await eventHops('payments', 'PaymentAuthorized', 'orders');

  const byStatus: Record<string, number> = {};
  for (const s of statuses) byStatus[s.status] = (byStatus[s.status] ?? 0) + 1;
  const toConfirmed = statuses
    .filter((s) => s.confirmedAt !== null)
    .map((s) => s.confirmedAt!.getTime() - sentAt.get(s.id)!);
  const confirmedSorted = [...toConfirmed].sort((a, b) => a - b);
  const notTerminal = statuses.filter((s) => !TERMINAL.includes(s.status)).length;
  const p95 = pct(confirmedSorted, 95);

  process.stdout.write(
    [
      ``,
      `checkout benchmark: ${total} orders, ${rate}/s for ${duration} s (sent in ${sendSeconds.toFixed(1)} s), ${shoppersN} shoppers, tok_visa, 1 line`,
      `  placeOrder round trip:        ${summary(rtt)}`,
      `  placeOrder -> CONFIRMED:      ${summary(toConfirmed)}`,
      `    sent -> order row:          ${summary(hop(sentAt, placedAt))}`,
      `    order row -> reserved:      ${summary(hop(placedAt, reservedAt))}  (orders relay, inventory consumer)`,
      `    reserved -> authorized:     ${summary(hop(reservedAt, authorizedAt))}  (inventory relay, payments consumer + provider)`,
      `    authorized -> CONFIRMED:    ${summary(hop(authorizedAt, confirmedAt))}  (payments relay, orders consumer)`,
      `  per hop (outbox created -> published -> consumer's inbox row -> next step's row):`,
      `    OrderPlaced relay:          ${summary(placed.relay)}`,
      `    OrderPlaced -> inventory:   ${summary(placed.consume)}  (Kafka + consumer fetch)`,
      `    inventory reserve step:     ${summary(hop(placed.received, reserved.created))}  (handler: inbox row -> StockReserved row)`,
      `    StockReserved relay:        ${summary(reserved.relay)}`,
      `    StockReserved -> payments:  ${summary(reserved.consume)}`,
      `    payments authorize step:    ${summary(hop(reserved.received, authorizedAt))}  (handler, authorizer claim, provider)`,
      `    PaymentAuthorized relay:    ${summary(authorized.relay)}`,
      `    PaymentAuthorized -> orders: ${summary(authorized.consume)}`,
      `    orders confirm step:        ${summary(hop(authorized.received, confirmedAt))}`,
      `  load average (1 min) before/after: ${loadBefore.toFixed(1)} / ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`,
      `  errors: ${errors}${errorSamples.length ? ` e.g. ${errorSamples.join(' | ')}` : ''}`,
      `  final statuses: ${JSON.stringify(byStatus)}; not terminal after ${settleS} s: ${notTerminal}`,
      `  target: p95 <= ${targetP95} ms, zero errors, all terminal -> ${
        p95 <= targetP95 && errors === 0 && notTerminal === 0 ? 'MET' : 'MISSED'
      }`,
      ``,
    ].join('\n'),
  );
  if (!(p95 <= targetP95) || errors > 0 || notTerminal > 0) exitCode = 1;
} finally {
  await stack.stop();
  await infra?.stop();
}
process.exit(exitCode);
