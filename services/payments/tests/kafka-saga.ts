// Shared by the payments tests that run the whole Kafka path against payments in a child process
// (replay.int.test.ts, crash.int.test.ts): a namespace of topics of their own, upstream events as
// orders, inventory and fulfillment publish them, the checkout in three endings, and the
// invariants checked against the simulated provider's own books.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Kafka, logLevel } from 'kafkajs';
import {
  OrderCancelled,
  OrderPlaced,
  ShipmentDispatched,
  StockReserved,
  type DataOf,
  type EventDefinition,
} from '@shopgraph/events';
import { createLogger, createPool, type Pool } from '@shopgraph/platform';
import {
  createTestDatabase,
  eventually,
  newId,
  orderPlacedData,
  UpstreamProducer,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll } from 'vitest';

const BROKERS = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
/** The topics payments consumes (orders, inventory, fulfillment). */
const TOPICS = [
  ...new Set([OrderPlaced, OrderCancelled, StockReserved, ShipmentDispatched].map((d) => d.topic)),
];

export interface PaymentsProcess {
  readonly pid: number;
  /** SIGKILL (kill -9) by PID; resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM; resolves once it stopped. */
  stop(): Promise<void>;
}

/** How each order of the checkout ends: the status its payment must reach. */
export type Ending = 'CAPTURED' | 'VOIDED' | 'REFUNDED';

export interface Violation {
  readonly orderId: string;
  readonly problem: string;
}

/** For one test file: a database, a Kafka namespace, an upstream producer; registers its hooks. */
export function useKafkaSaga(name: string) {
  const namespace = `t-${name}-${randomBytes(3).toString('hex')}`;
  let db: TestDatabase;
  let pool: Pool;
  let producer: UpstreamProducer;
  const children = new Set<PaymentsProcess>();
  /** Every event sent so far (the replay test waits for a new group to have seen them all). */
  let sent = 0;

  beforeAll(async () => {
    db = await createTestDatabase(`payments_${name}`);
    pool = createPool({
      url: db.url,
      max: 4,
      logger: createLogger('payments-test', 'silent'),
      applicationName: 'payments-test',
    });
    producer = new UpstreamProducer(BROKERS, namespace);
    // Creating topics on a busy broker can answer "does not host this topic-partition" while the
    // leaders are elected; connect() creates only what is missing, so it is safe to ask again.
    await eventually(
      () =>
        producer.connect(TOPICS).then(
          () => true,
          () => false,
        ),
      60_000,
      'topics created and the producer connected',
      500,
    );
  });
  afterAll(async () => {
    for (const child of children) await child.stop();
    await producer?.disconnect();
    await pool?.end();
    await db?.drop();
    const admin = new Kafka({ brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const ours = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`));
    if (ours.length > 0) await admin.deleteTopics({ topics: ours });
    await admin.disconnect();
  });

  /** Starts payments as a child process (consumer `group`); resolves once it runs. */
  async function startPayments(group: string, env: NodeJS.ProcessEnv = {}): Promise<PaymentsProcess> {
    const child = spawn(
      process.execPath,
      [new URL('./payments-process.ts', import.meta.url).pathname, db.url],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...process.env,
          KAFKA_BROKERS: BROKERS,
          KAFKA_NAMESPACE: namespace,
          PAYMENTS_CONSUMER_GROUP: group,
          ...env,
        },
      },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`payments exited with ${code} before it ran`)));
      createInterface({ input: child.stdout! }).once('line', () => resolve());
    });
    const pid = child.pid!;
    let gone = false;
    void exited.then(() => (gone = true));
    const proc: PaymentsProcess = {
      pid,
      async kill() {
        children.delete(proc);
        if (!gone) process.kill(pid, 'SIGKILL');
        await exited;
      },
      async stop() {
        children.delete(proc);
        if (!gone) process.kill(pid, 'SIGTERM');
        await exited;
      },
    };
    children.add(proc);
    return proc;
  }

  async function send<D extends EventDefinition>(def: D, subject: string, data: DataOf<D>) {
    await producer.send(def, subject, data);
    sent++;
  }

  const statuses = async () =>
    new Map(
      (
        await pool.query<{ order_id: string; status: string }>('SELECT order_id, status FROM payments')
      ).rows.map((r) => [r.order_id, r.status]),
    );

  /** Waits until every order's payment has the status it must reach and no settlement is left undone. */
  async function untilSettled(expected: ReadonlyMap<string, string>, ms = 60_000): Promise<void> {
    await eventually(
      async () => {
        const now = await statuses();
        const { rows } = await pool.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM settlements WHERE done_at IS NULL',
        );
        return rows[0]!.n === 0 && [...expected].every(([orderId, status]) => now.get(orderId) === status);
      },
      ms,
      `${expected.size} payments reaching ${[...new Set(expected.values())].join('/')}`,
    );
  }

  /**
   * Orders of three endings, through Kafka as the saga sends them: each placed and reserved
   * (payments authorizes); once authorized, a third dispatched (CAPTURED), a third cancelled
   * (VOIDED), a third dispatched, and once captured, cancelled (REFUNDED). With `hold`, the
   * dispatches and cancels after the REFUNDED ones' capture wait for `release()`. Resolves once
   * everything not held is sent, with the status each order must reach.
   */
  async function checkout(
    perEnding: number,
    opts: { readonly hold?: boolean } = {},
  ): Promise<{ endings: Map<string, Ending>; release(): Promise<void> }> {
    const kinds: Ending[] = ['CAPTURED', 'VOIDED', 'REFUNDED'];
    const endings = new Map<string, Ending>(
      kinds.flatMap((e) => Array.from({ length: perEnding }, () => [newId(), e] as const)),
    );
    const ending = (e: Ending) => [...endings].filter(([, x]) => x === e).map(([id]) => id);
    for (const orderId of endings.keys()) {
      await send(OrderPlaced, orderId, orderPlacedData(orderId));
      await send(StockReserved, orderId, { orderId, lines: [{ productId: newId(), quantity: 2 }] });
    }
    await untilSettled(new Map([...endings.keys()].map((id) => [id, 'AUTHORIZED'])));
    const dispatched = (orderId: string) =>
      send(ShipmentDispatched, randomUUID(), {
        shipmentId: randomUUID(),
        orderId,
        carrier: 'PostNord',
        trackingNumber: 'SG0000000001',
      });
    const cancelled = (orderId: string, previousStatus: string) =>
      send(OrderCancelled, orderId, { orderId, previousStatus, reason: 'customer asked' });
    for (const orderId of ending('REFUNDED')) await dispatched(orderId);
    await untilSettled(new Map(ending('REFUNDED').map((id) => [id, 'CAPTURED'])));
    const release = async () => {
      for (const orderId of ending('CAPTURED')) await dispatched(orderId);
      for (const orderId of ending('VOIDED')) await cancelled(orderId, 'CONFIRMED');
      for (const orderId of ending('REFUNDED')) await cancelled(orderId, 'SHIPPED');
    };
    if (!opts.hold) await release();
    return { endings, release };
  }

  /**
   * DESIGN.md's "no payment is captured twice", against what the provider itself recorded: per
   * payment at most one capture, void and refund; no capture without a recorded capture
   * (captured_at); no void or refund without the status it leads to; one event per step.
   */
  async function violations(): Promise<Violation[]> {
    const { rows } = await pool.query<{
      order_id: string;
      status: string;
      captured: boolean;
      ops: Record<string, number> | null;
      events: Record<string, number> | null;
    }>(
      `SELECT p.order_id, p.status, p.captured_at IS NOT NULL AS captured,
         (SELECT json_object_agg(operation, n) FROM (SELECT operation, count(*)::int AS n
            FROM simulated_provider_operations o WHERE o.reference = p.provider_ref GROUP BY operation) x) AS ops,
         (SELECT json_object_agg(t, n) FROM (SELECT regexp_replace(type, '^shopgraph\\.payments\\.|\\.v\\d+$', '', 'g') AS t,
            count(*)::int AS n FROM outbox WHERE envelope::jsonb -> 'data' ->> 'paymentId' = p.id::text GROUP BY 1) y) AS events
       FROM payments p`,
    );
    const out: Violation[] = [];
    for (const r of rows) {
      const ops = r.ops ?? {};
      const events = r.events ?? {};
      const problem = (p: string) => out.push({ orderId: r.order_id, problem: p });
      for (const [op, n] of Object.entries(ops)) if (n > 1) problem(`${n} provider ${op}s`);
      if (ops['capture'] && !r.captured) problem(`captured by the provider, payment ${r.status}`);
      if (r.captured && !ops['capture']) problem('recorded CAPTURED without a provider capture');
      if (ops['void'] && r.status !== 'VOIDED') problem(`voided by the provider, payment ${r.status}`);
      if (ops['refund'] && r.status !== 'REFUNDED') problem(`refunded by the provider, payment ${r.status}`);
      if (ops['void'] && ops['capture']) problem('both voided and captured');
      for (const [type, n] of Object.entries(events)) if (n > 1) problem(`${n} ${type} events`);
      const step = { CAPTURED: 'PaymentCaptured', VOIDED: 'PaymentVoided', REFUNDED: 'PaymentRefunded' };
      for (const [status, type] of Object.entries(step))
        if (r.status === status && !events[type]) problem(`${status} without ${type}`);
    }
    return out;
  }

  /**
   * Waits until consumer `group` has committed, on every partition of every topic payments
   * consumes, the offset of the last message there (it commits only after the effects did).
   */
  async function caughtUp(group: string, ms = 60_000): Promise<void> {
    const admin = new Kafka({ brokers: BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = TOPICS.map((t) => `${namespace}.${t}`);
      const ends = new Map<string, string>();
      for (const topic of topics)
        for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, p.high);
      await eventually(
        async () => {
          const committed = await admin.fetchOffsets({ groupId: `${namespace}.${group}`, topics });
          return committed.every((t) =>
            t.partitions.every((p) => {
              const end = ends.get(`${t.topic}/${p.partition}`)!;
              return end === '0' || p.offset === end;
            }),
          );
        },
        ms,
        `group ${group} caught up with every topic`,
      );
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Waits until the provider has done at least `min` operations whose outcome payments has not
   * recorded yet (their answers are on the way: PAYMENT_PROVIDER_LATENCY_MS); resolves to how many.
   */
  const unanswered = (min: number) =>
    eventually(
      async () => {
        const { rows } = await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM simulated_provider_operations o JOIN payments p ON p.provider_ref = o.reference
           WHERE (o.operation = 'capture' AND p.captured_at IS NULL) OR (o.operation = 'void' AND p.status <> 'VOIDED')
             OR (o.operation = 'refund' AND p.status <> 'REFUNDED')`,
        );
        return rows[0]!.n >= min ? rows[0]!.n : undefined;
      },
      60_000,
      `${min} provider operations done and not yet recorded`,
    );

  /** Cuts every database connection of the payments process (as a PostgreSQL restart would). */
  async function cutConnections(): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name = 'payments'`,
    );
    return rows[0]!.n;
  }

  /** The provider's books and the outbox, as counts (a replay must change neither). */
  async function books(): Promise<{ operations: number; events: number }> {
    const { rows } = await pool.query<{ operations: number; events: number }>(
      `SELECT (SELECT count(*)::int FROM simulated_provider_operations) AS operations,
         (SELECT count(*)::int FROM outbox) AS events`,
    );
    return rows[0]!;
  }

  return {
    startPayments,
    send,
    checkout,
    untilSettled,
    caughtUp,
    unanswered,
    cutConnections,
    violations,
    books,
    get pool() {
      return pool;
    },
    get sent() {
      return sent;
    },
  };
}
