// What the chaos suite checks after each fault, from outside the services: read-only SQL on
// each service's database, the consumers' /metrics (which event types each consumer group
// handles) and the dead-letter topics' offsets. Each violation is a key (`name:subject`), so a
// fault is blamed only for violations that were not there before it.
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import type { StackService } from '@shopgraph/testing';
import { TERMINAL } from '../../tests/e2e/checkout-stack.ts';

export interface Observed {
  /** Violation keys, `name:subject`. */
  readonly violations: ReadonlySet<string>;
  /** Orders of `acknowledged` in a terminal status. */
  readonly terminal: number;
  /** Messages in the dead-letter topics plus inbox rows marked dead_lettered (all consumers). */
  readonly deadLetters: number;
  /** Nothing left to do: every order terminal, every outbox row published and consumed. */
  readonly settled: boolean;
  /** (consumer, event) pairs checked for consumption, and the consumer groups they span. */
  readonly checkedEvents: number;
  readonly consumers: number;
}

type Dbs = Readonly<Partial<Record<StackService, { url: string }>>>;

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** consumer group -> the event types it handles, from `shopgraph_events_consumed_total` series. */
async function consumedTypes(metricsUrls: readonly string[]): Promise<Map<string, Set<string>>> {
  const byConsumer = new Map<string, Set<string>>();
  for (const url of metricsUrls) {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(3_000) })).text();
    for (const m of text.matchAll(/^shopgraph_events_consumed_total\{([^}]*)\}/gm)) {
      const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1]!, l[2]!]));
      if (!labels['consumer'] || !labels['type']) continue;
      const set = byConsumer.get(labels['consumer']) ?? new Set<string>();
      set.add(labels['type']);
      byConsumer.set(labels['consumer'], set);
    }
  }
  return byConsumer;
}

/** Events that happen at most once per aggregate (subject = the message key). */
const ONCE_PER_SUBJECT = [
  'OrderPlaced',
  'OrderConfirmed',
  'OrderRejected',
  'StockReserved',
  'StockReservationRejected',
  'PaymentAuthorized',
  'PaymentDeclined',
  'PaymentCaptured',
  'ShipmentCreated',
  'ShipmentDispatched',
];

export interface CheckInput {
  readonly dbs: Dbs;
  readonly metricsUrls: readonly string[];
  readonly brokers: string;
  readonly dlqTopics: readonly string[];
  readonly acknowledged: readonly string[];
}

export async function observe(input: CheckInput): Promise<Observed> {
  const v = new Set<string>();
  const url = (s: StackService) => input.dbs[s]!.url;

  // Orders and their lines.
  const orders = await query<{ id: string; status: string }>(url('orders'), 'SELECT id, status FROM orders');
  const status = new Map(orders.map((o) => [o.id, o.status]));
  for (const o of orders) if (!TERMINAL.includes(o.status)) v.add(`not-terminal:${o.id}`);
  for (const id of input.acknowledged) if (!status.has(id)) v.add(`acknowledged-order-missing:${id}`);
  const terminal = input.acknowledged.filter((id) => TERMINAL.includes(status.get(id) ?? '')).length;

  // Stock: onHand = initial + adjustments - committed (the movements' sum), reserved = open reservations.
  const stock = await query<{
    product: string;
    onHand: number;
    reserved: number;
    moved: string;
    movedReserved: string;
    open: string;
    committed: string;
    commitMoves: string;
  }>(
    url('inventory'),
    `SELECT l.product_id AS product, l.on_hand AS "onHand", l.reserved,
       coalesce(m.moved, 0) AS moved, coalesce(m.moved_reserved, 0) AS "movedReserved", coalesce(m.commits, 0) AS "commitMoves",
       coalesce(r.open, 0) AS open, coalesce(r.committed, 0) AS committed
     FROM stock_levels l
     LEFT JOIN (SELECT product_id, sum(delta) AS moved, sum(reserved_delta) AS moved_reserved,
                  sum(-delta) FILTER (WHERE kind = 'COMMIT') AS commits FROM stock_movements GROUP BY product_id) m USING (product_id)
     LEFT JOIN (SELECT product_id, sum(quantity) FILTER (WHERE status = 'OPEN') AS open,
                  sum(quantity) FILTER (WHERE status = 'COMMITTED') AS committed FROM stock_reservations GROUP BY product_id) r USING (product_id)`,
  );
  for (const s of stock) {
    if (s.onHand !== Number(s.moved)) v.add(`stock-conservation:${s.product}`);
    if (s.reserved !== Number(s.open) || s.reserved !== Number(s.movedReserved))
      v.add(`reserved-not-open-reservations:${s.product}`);
    if (Number(s.committed) !== Number(s.commitMoves)) v.add(`committed-not-commit-movements:${s.product}`);
  }
  const twice = await query<{ key: string }>(
    url('inventory'),
    `SELECT kind || ':' || order_id || '/' || product_id AS key FROM stock_movements
     WHERE order_id IS NOT NULL AND kind IN ('RESERVE', 'RELEASE', 'COMMIT') GROUP BY kind, order_id, product_id HAVING count(*) > 1`,
  );
  for (const t of twice) v.add(`stock-movement-applied-twice:${t.key}`);
  const reservations = await query<{ order: string; statuses: string[] }>(
    url('inventory'),
    'SELECT order_id AS "order", array_agg(DISTINCT status) AS statuses FROM stock_reservations GROUP BY order_id',
  );
  const held = new Set(
    reservations.filter((r) => r.statuses.some((s) => s === 'OPEN' || s === 'COMMITTED')).map((r) => r.order),
  );
  const reservationOf = new Map(reservations.map((r) => [r.order, r.statuses]));

  // Payments: no charge without stock, at most one capture per payment.
  const payments = await query<{ order: string; status: string }>(
    url('payments'),
    'SELECT order_id AS "order", status FROM payments',
  );
  const paymentOf = new Map(payments.map((p) => [p.order, p.status]));
  for (const p of payments)
    if ((p.status === 'AUTHORIZED' || p.status === 'CAPTURED') && !held.has(p.order))
      v.add(`charge-without-stock:${p.order}`);

  // The order's status agrees with its reservation and payment once it is terminal.
  for (const [id, st] of status) {
    const res = reservationOf.get(id) ?? [];
    const pay = paymentOf.get(id);
    const ok =
      st === 'CONFIRMED'
        ? res.length === 1 && res[0] === 'OPEN' && pay === 'AUTHORIZED'
        : st === 'SHIPPED' || st === 'DELIVERED'
          ? res.length === 1 && res[0] === 'COMMITTED' && pay === 'CAPTURED'
          : st === 'REJECTED'
            ? !held.has(id) && pay === undefined
            : st === 'PAYMENT_FAILED'
              ? !held.has(id) && pay === 'DECLINED'
              : st === 'CANCELLED'
                ? !held.has(id) && pay !== 'AUTHORIZED' && pay !== 'CAPTURED'
                : true;
    if (!ok) v.add(`status-disagrees:${id}`);
  }

  // Events: every published row consumed exactly once per consumer that handles its type.
  const outbox = new Map<string, { id: string; type: string; key: string; published: boolean }[]>();
  for (const s of Object.keys(input.dbs) as StackService[]) {
    outbox.set(
      s,
      await query<{ id: string; type: string; key: string; published: boolean }>(
        url(s),
        'SELECT id, type, key, published_at IS NOT NULL AS published FROM outbox',
      ),
    );
  }
  const all = [...outbox.values()].flat();
  let unpublished = 0;
  for (const r of all) if (!r.published) unpublished++;
  const perSubject = new Map<string, number>();
  for (const r of all) {
    const name = ONCE_PER_SUBJECT.find((n) => r.type.includes(`.${n}.`) || r.type.startsWith(`${n}.`));
    if (!name) continue;
    const k = `${name}/${r.key}`;
    perSubject.set(k, (perSubject.get(k) ?? 0) + 1);
  }
  for (const [k, n] of perSubject) if (n > 1) v.add(`event-published-twice:${k}`);

  const handled = await consumedTypes(input.metricsUrls);
  const inbox = new Map<string, Set<string>>();
  let deadLettered = 0;
  for (const s of Object.keys(input.dbs) as StackService[]) {
    for (const row of await query<{ consumer: string; id: string; outcome: string }>(
      url(s),
      'SELECT consumer, event_id AS id, outcome FROM inbox',
    )) {
      if (row.outcome !== 'processed') deadLettered++;
      else {
        const set = inbox.get(row.consumer) ?? new Set<string>();
        set.add(row.id);
        inbox.set(row.consumer, set);
      }
    }
  }
  let pendingConsumption = 0;
  let checkedEvents = 0;
  for (const [consumer, types] of handled) {
    const seen = inbox.get(consumer) ?? new Set<string>();
    for (const r of all)
      if (r.published && types.has(r.type)) {
        checkedEvents++;
        if (seen.has(r.id)) continue;
        pendingConsumption++;
        v.add(`event-not-consumed:${consumer}/${r.id}`);
      }
  }
  // A check that matches nothing proves nothing: the consumers' types must name outbox rows.
  if (all.length > 0 && checkedEvents === 0) v.add('events-check-blind:no consumer handles an outbox type');

  // Dead letters on the topics.
  const kafka = new Kafka({
    clientId: 'chaos-check',
    brokers: [input.brokers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  let dlq = 0;
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of input.dlqTopics.filter((t) => existing.has(t)))
      for (const p of await admin.fetchTopicOffsets(topic)) dlq += Number(p.high) - Number(p.low);
  } finally {
    await admin.disconnect();
  }
  if (unpublished > 0) v.add(`outbox-unpublished:${unpublished}`);
  const settled =
    unpublished === 0 && pendingConsumption === 0 && orders.every((o) => TERMINAL.includes(o.status));
  return {
    violations: v,
    terminal,
    deadLetters: dlq + deadLettered,
    settled,
    checkedEvents,
    consumers: handled.size,
  };
}
