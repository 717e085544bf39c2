// The faults of the chaos suite and the two profiles (`make chaos` long, `make test` short).
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { StackService } from '@shopgraph/testing';
import type { ChaosInfra } from './infra.ts';
import type { ChaosStack, Workload } from './stack.ts';

export interface FaultContext {
  readonly infra: ChaosInfra;
  readonly stack: ChaosStack;
}

export interface Fault {
  readonly name: string;
  /** Injects the fault, holds it, then recovers; resolves once the recovery is done. */
  run(ctx: FaultContext): Promise<string | void>;
}

const count = async (url: string, sql: string): Promise<number> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
  } finally {
    await client.end().catch(() => undefined);
  }
};

/** Polls `inFlight` (up to 15 s) until work of the kind the kill should interrupt exists. */
async function whenInFlight(inFlight: () => Promise<number>): Promise<number> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const n = await inFlight().catch(() => 0);
    if (n > 0 || Date.now() > deadline) return n;
    await sleep(20);
  }
}

/** What each kill waits for, so the process dies with that work half done. */
const IN_FLIGHT: Partial<Record<StackService, (ctx: FaultContext) => Promise<number>>> = {
  // Authorizations claimed or waiting (the provider call runs outside the transaction).
  payments: ({ stack }) =>
    count(
      stack.stack.dbs.payments!.url,
      `SELECT count(*) AS n FROM payment_orders WHERE placed_at IS NOT NULL AND stock_reserved_at IS NOT NULL
         AND cancelled_at IS NULL AND authorization_done_at IS NULL`,
    ),
  // Orders placed whose reservation is not written yet.
  inventory: async ({ stack }) => {
    const orders = new pg.Client({ connectionString: stack.stack.dbs.orders!.url });
    orders.on('error', () => undefined);
    await orders.connect();
    const pending = await orders
      .query<{ id: string }>("SELECT id FROM orders WHERE status = 'PENDING'")
      .finally(() => orders.end().catch(() => undefined));
    if (pending.rows.length === 0) return 0;
    const reserved = await count(
      stack.stack.dbs.inventory!.url,
      `SELECT count(DISTINCT order_id) AS n FROM stock_reservations
         WHERE order_id = ANY('{${pending.rows.map((r) => r.id).join(',')}}'::uuid[])`,
    );
    return pending.rows.length - reserved;
  },
};

export const killKafka = (downS: number): Fault => ({
  name: `kill -9 kafka, restart after ${downS} s`,
  async run({ infra }) {
    await infra.killKafka();
    await sleep(downS * 1000);
    await infra.startKafka();
  },
});

export const stopPostgres = (downS: number): Fault => ({
  name: `stop postgres (fast) for ${downS} s`,
  async run({ infra }) {
    await infra.stopPostgres();
    await sleep(downS * 1000);
    await infra.startPostgres();
  },
});

export const killWorkload = (name: Workload): Fault => ({
  name: `kill -9 ${name}, restart`,
  async run(ctx) {
    const probe = name === 'gateway' ? undefined : IN_FLIGHT[name];
    const inFlight = probe ? await whenInFlight(() => probe(ctx)) : undefined;
    await ctx.stack.signal(name, 'SIGKILL');
    await ctx.stack.restart(name);
    return inFlight === undefined ? undefined : `${inFlight} in flight at the kill`;
  },
});

export const pauseWorkload = (name: Workload, pausedS: number): Fault => ({
  name: `SIGSTOP ${name} for ${pausedS} s, SIGCONT`,
  async run({ stack }) {
    await stack.signal(name, 'SIGSTOP');
    await sleep(pausedS * 1000);
    await stack.signal(name, 'SIGCONT');
  },
});

export interface Profile {
  readonly name: 'long' | 'short';
  /** placeOrder per second. */
  readonly rate: number;
  /** Load before the fault starts, and after it is recovered, seconds. */
  readonly beforeS: number;
  readonly afterS: number;
  /** Every acknowledged order must be terminal (and the events consumed) this long after recovery. */
  readonly settleS: number;
  readonly shoppers: number;
  readonly faults: readonly Fault[];
}

export function profile(name: string, services: readonly StackService[]): Profile {
  const env = (key: string, fallback: number) => Number(process.env[key] ?? fallback);
  if (name === 'short')
    return {
      name: 'short',
      rate: env('CHAOS_RATE', 4),
      beforeS: 4,
      afterS: 6,
      settleS: env('CHAOS_SETTLE_S', 90),
      shoppers: 4,
      faults: [stopPostgres(10), killWorkload('payments'), killKafka(10)],
    };
  return {
    name: 'long',
    rate: env('CHAOS_RATE', 10),
    beforeS: 10,
    afterS: 20,
    settleS: env('CHAOS_SETTLE_S', 90),
    shoppers: 10,
    faults: [
      killKafka(30),
      stopPostgres(30),
      stopPostgres(60),
      ...services.map((s) => killWorkload(s)),
      pauseWorkload('inventory', 20),
      pauseWorkload('orders', 20),
      killWorkload('gateway'),
    ],
  };
}
