// Checkout load of the chaos suite: shoppers (registered, logged in, with an address the orders
// service already knows) prepared before the load, then placeOrder at a fixed rate through the
// gateway, open loop (loadtest/open-loop.ts), and a trickle of admin dispatches so captures and
// stock commits happen under the faults too.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { gql } from '@shopgraph/testing';
import { openLoop } from '../../loadtest/open-loop.ts';
import { bearer, newShopper, PLACE, seededProducts, type Shopper } from '../../tests/e2e/checkout-stack.ts';

const SET_STOCK = 'mutation($input: SetStockInput!) { setStock(input: $input) { onHand } }';
const DISPATCH = 'mutation($id: ID!) { dispatchShipment(id: $id) { id status } }';

export interface Catalog {
  readonly productIds: readonly string[];
}

/**
 * Stock for the load: the first product gets little (so some orders are REJECTED and the
 * rejection path runs under the faults too), the others plenty.
 */
export async function prepareCatalog(
  gateway: string,
  adminToken: string,
  products = 4,
  scarce = 40,
): Promise<Catalog> {
  const chosen = seededProducts()
    .filter((p) => p.price.currency === 'EUR')
    .slice(0, products);
  for (const [i, p] of chosen.entries()) {
    const res = await gql(
      gateway,
      SET_STOCK,
      { input: { productId: p.id, onHand: i === 0 ? scarce : 100_000, reason: 'chaos suite' } },
      bearer(adminToken),
    );
    if (res.errors) throw new Error(`setStock: ${JSON.stringify(res.errors)}`);
  }
  return { productIds: chosen.map((p) => p.id) };
}

export async function prepareShoppers(gateway: string, n: number): Promise<Shopper[]> {
  const shoppers: Shopper[] = [];
  // One at a time: registration hashes with a slow KDF on purpose.
  for (let i = 0; i < n; i++) shoppers.push(await newShopper(gateway, `chaos${i}`));
  return shoppers;
}

/** The payment token of the i-th order: mostly authorizing, some slow, some declined. */
export const tokenOf = (i: number): string =>
  i % 10 === 3 ? 'tok_slow' : i % 10 === 7 ? 'tok_decline' : 'tok_visa';

export interface LoadResult {
  readonly placed: number;
  /** Order ids of the placeOrder calls answered 200 with an id. */
  readonly acknowledged: readonly string[];
  readonly errors: number;
}

/** placeOrder at `rate` per second for `seconds`, open loop. */
export async function placeOrders(
  gateway: string,
  shoppers: readonly Shopper[],
  catalog: Catalog,
  rate: number,
  seconds: number,
  /** Index of the first order (tokens, shoppers and products rotate by index). */
  offset = 0,
): Promise<LoadResult> {
  const acknowledged: string[] = [];
  const shopperOf = (i: number) => shoppers[i % shoppers.length]!;
  const result = await openLoop({
    url: gateway,
    rate,
    seconds,
    headers: (n) => bearer(shopperOf(offset + n).token),
    body: (n, i = offset + n) =>
      JSON.stringify({
        query: PLACE,
        variables: {
          input: {
            idempotencyKey: randomUUID(),
            // Two lines on every third order: reserve all lines or none.
            lines: catalog.productIds
              .filter(
                (_, k) =>
                  k === i % catalog.productIds.length ||
                  (i % 3 === 0 && k === (i + 1) % catalog.productIds.length),
              )
              .map((productId) => ({ productId, quantity: 1 })),
            shippingAddressId: shopperOf(i).addressId,
            paymentToken: tokenOf(i),
          },
        },
      }),
    ok: (status, text) => {
      if (status !== 200) return false;
      try {
        const res = JSON.parse(text) as {
          data?: { placeOrder?: { id?: string } | null } | null;
          errors?: unknown[];
        };
        const id = res.data?.placeOrder?.id;
        if (res.errors?.length || !id) return false;
        acknowledged.push(id);
        return true;
      } catch {
        return false;
      }
    },
  });
  return { placed: result.requests, acknowledged, errors: result.errors };
}

/**
 * Until `signal` aborts: every `everyMs`, dispatches one CONFIRMED order's shipment as admin
 * (payments captures, inventory commits the stock). Failures (a fault in progress) are skipped.
 */
export async function dispatchLoop(
  gateway: string,
  adminToken: string,
  ordersUrl: string,
  signal: AbortSignal,
  everyMs = 1_000,
): Promise<number> {
  // A pool of one: it reconnects by itself after PostgreSQL comes back.
  const db = new pg.Pool({ connectionString: ordersUrl, max: 1, connectionTimeoutMillis: 2_000 });
  db.on('error', () => undefined);
  let dispatched = 0;
  while (!signal.aborted) {
    await sleep(everyMs, undefined, { signal }).catch(() => undefined);
    if (signal.aborted) break;
    try {
      const { rows } = await db.query<{ shipmentId: string }>(
        `SELECT shipment_id AS "shipmentId" FROM orders WHERE status = 'CONFIRMED' AND shipment_id IS NOT NULL
         ORDER BY random() LIMIT 1`,
      );
      const id = rows[0]?.shipmentId;
      if (!id) continue;
      const res = await gql(gateway, DISPATCH, { id }, bearer(adminToken));
      if (!res.errors) dispatched++;
    } catch {
      // The database or the gateway is down right now: the next round tries again.
    }
  }
  await db.end().catch(() => undefined);
  return dispatched;
}
