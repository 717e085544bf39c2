import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { errorCodes, gql, type GraphQLResponse } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  eventually,
  newShopper,
  readOrder,
  seededProducts,
  startCheckoutStack,
  type CheckoutStack,
  type OrderView,
  type Shopper,
} from '../../../tests/e2e/checkout-stack.ts';

// Races a shopper can hit, through the gateway with every service (ports 22000-22007), a
// private Kafka namespace and fresh databases: cancel against dispatch (issue #10 defect 3) and
// addAddress followed at once by placeOrder (defect 4).

const REGISTER = `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { token } }`;
const ADD_ADDRESS = `mutation($input: AddressInput!) { addAddress(input: $input) { id } }`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id status shippingAddress { line1 } } }`;
const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id) { id status } }`;
const DISPATCH = `mutation($id: ID!) { dispatchShipment(id: $id) { id status } }`;
const SET_STOCK = `mutation($input: SetStockInput!) { setStock(input: $input) { onHand } }`;

const RACES = 200;
const WAVE = 40;
const SHOPPERS = 100;

describe('checkout races through the gateway', () => {
  let stack: CheckoutStack;
  let gw: string;
  let admin: string;
  const [raced, addressed] = seededProducts();

  beforeAll(async () => {
    // Generous timeouts: these tests are about who wins a race, not how fast (scrypt
    // registrations on a busy 2-core machine exceed the default 3 s). dispatchShipment waits
    // for orders' answer up to FULFILLMENT_DISPATCH_WAIT_MS, so its loser hears CONFLICT.
    stack = await startCheckoutStack(22000, {
      LOG_LEVEL: 'warn',
      SUBGRAPH_TIMEOUT_MS: '30000',
      GATEWAY_REQUEST_DEADLINE_MS: '60000',
      FULFILLMENT_DISPATCH_WAIT_MS: '25000',
    });
    gw = stack.gateway;
    admin = stack.adminToken;
    for (const p of [raced!, addressed!]) {
      const res = await gql(gw, SET_STOCK, { input: { productId: p.id, onHand: 5000 } }, bearer(admin));
      expect(res.errors).toBeUndefined();
    }
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
  });

  const order = async (id: string): Promise<OrderView> => (await readOrder(gw, admin, id)).data!.order!;

  it(`when a shopper cancels while an admin dispatches, ${RACES} times, then exactly one wins each race and money, stock and shipment agree with it`, async () => {
    // Arrange: RACES CONFIRMED orders, each with its PENDING shipment.
    const shoppers: Shopper[] = [];
    for (let i = 0; i < 10; i++) shoppers.push(await newShopper(gw, `racer${i}`));
    const orders: { id: string; shopper: Shopper; shipmentId: string }[] = [];
    for (let w = 0; w < RACES; w += WAVE)
      orders.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(WAVE, RACES - w) }, async (_, i) => {
            const shopper = shoppers[(w + i) % shoppers.length]!;
            const placed = await gql<{ placeOrder: { id: string } }>(
              gw,
              PLACE,
              {
                input: {
                  idempotencyKey: randomUUID(),
                  lines: [{ productId: raced!.id, quantity: 1 }],
                  shippingAddressId: shopper.addressId,
                  paymentToken: 'tok_visa',
                },
              },
              bearer(shopper.token),
            );
            expect(placed.errors).toBeUndefined();
            const id = placed.data!.placeOrder.id;
            const confirmed = await eventually(
              async () => {
                const o = await order(id);
                return o.status === 'CONFIRMED' && o.shipments[0]?.status === 'PENDING' ? o : undefined;
              },
              60_000,
              `order ${id} CONFIRMED with a PENDING shipment`,
            );
            return { id, shopper, shipmentId: confirmed.shipments[0]!.id };
          }),
        )),
      );

    // Act: cancel and dispatch sent at once, WAVE races at a time.
    const results: { id: string; cancel: string; dispatch: string }[] = [];
    for (let w = 0; w < orders.length; w += WAVE)
      results.push(
        ...(await Promise.all(
          orders.slice(w, w + WAVE).map(async (o) => {
            const [cancel, dispatch] = await Promise.all([
              gql(gw, CANCEL, { id: o.id }, bearer(o.shopper.token)),
              gql(gw, DISPATCH, { id: o.shipmentId }, bearer(admin)),
            ]);
            const shipped = (dispatch.data as { dispatchShipment?: { status: string } } | null)
              ?.dispatchShipment?.status;
            return {
              id: o.id,
              cancel: String(errorCodes(cancel)[0] ?? 'OK'),
              dispatch: String(errorCodes(dispatch)[0] ?? (shipped === 'DISPATCHED' ? 'OK' : shipped)),
            };
          }),
        )),
      );

    // Assert: one winner per race, the loser a coded CONFLICT (never a 500).
    const calls = results.map((r) => `${r.cancel}/${r.dispatch}`);
    expect(calls.filter((c) => c !== 'OK/CONFLICT' && c !== 'CONFLICT/OK')).toEqual([]);

    // ...and once everything settled, each order is wholly one outcome or the other.
    const outcomes: Record<string, number> = {};
    const wrong: string[] = [];
    for (const r of results) {
      const settled = await eventually(
        async () => {
          const o = await order(r.id);
          const reservation = await reservationStatus(r.id);
          const done =
            ['CANCELLED', 'SHIPPED'].includes(o.status) &&
            o.payment?.status !== 'AUTHORIZED' &&
            o.shipments[0]?.status !== 'PENDING' &&
            reservation !== 'OPEN';
          return done ? { o, reservation } : undefined;
        },
        60_000,
        `order ${r.id} settled`,
      );
      const shape = [
        settled.o.status,
        settled.o.shipments[0]?.status,
        settled.o.payment?.status,
        settled.reservation,
      ].join(' ');
      outcomes[shape] = (outcomes[shape] ?? 0) + 1;
      const won = r.cancel === 'OK' ? 'cancel' : 'dispatch';
      const expected =
        won === 'cancel'
          ? ['CANCELLED CANCELLED VOIDED RELEASED', 'CANCELLED CANCELLED REFUNDED RELEASED']
          : ['SHIPPED DISPATCHED CAPTURED COMMITTED'];
      if (!expected.includes(shape)) wrong.push(`${r.id} (${won} won): ${shape}`);
    }
    console.log(`cancel vs dispatch, ${RACES} races: ${JSON.stringify(outcomes)}`);
    expect(wrong).toEqual([]);

    // Stock: every shipped unit left onHand, nothing stays reserved.
    const shipped = results.filter((r) => r.dispatch === 'OK').length;
    const [level] = await query(
      stack.dbs['inventory']!.url,
      'SELECT on_hand AS "onHand", reserved FROM stock_levels WHERE product_id = $1',
      [raced!.id],
    );
    expect(level).toEqual({ onHand: 5000 - shipped, reserved: 0 });
  }, 600_000);

  it(`when ${SHOPPERS} new shoppers each register, add an address and place an order at once, then every order is accepted and confirmed with that address`, async () => {
    // Five shoppers at a time (password hashing is deliberately slow), each with no pause between its steps.
    const placed: { res: GraphQLResponse<{ placeOrder: { id: string } }>; line1: string }[] = [];
    for (let w = 0; w < SHOPPERS; w += 5)
      placed.push(
        ...(await Promise.all(
          Array.from({ length: 5 }, async (_, j) => {
            const i = w + j;
            const email = `instant-${i}-${randomUUID().slice(0, 8)}@example.com`;
            const reg = await gql<{ registerCustomer: { token: string } }>(gw, REGISTER, {
              input: { email, password: 'instant-secret-password', name: `Instant ${i}` },
            });
            if (reg.errors) throw new Error(`register: ${JSON.stringify(reg.errors)}`);
            const token = reg.data!.registerCustomer.token;
            const line1 = `${i} Impatient Road`;
            const address = await gql<{ addAddress: { id: string } }>(
              gw,
              ADD_ADDRESS,
              { input: { name: `Instant ${i}`, line1, city: 'Malmö', postalCode: '211 20', country: 'SE' } },
              bearer(token),
            );
            const res = await gql<{ placeOrder: { id: string } }>(
              gw,
              PLACE,
              {
                input: {
                  idempotencyKey: randomUUID(),
                  lines: [{ productId: addressed!.id, quantity: 1 }],
                  shippingAddressId: address.data!.addAddress.id,
                  paymentToken: 'tok_visa',
                },
              },
              bearer(token),
            );
            return { res, line1 };
          }),
        )),
      );
    expect(placed.flatMap((p) => p.res.errors ?? []).map((e) => e.message)).toEqual([]);
    for (const { res, line1 } of placed) {
      const id = res.data!.placeOrder.id;
      const confirmed = await eventually(
        async () => {
          const o = await gql<{ order: { status: string; shippingAddress: { line1: string } | null } }>(
            gw,
            `query($id: ID!) { order(id: $id) { status shippingAddress { line1 } } }`,
            { id },
            bearer(admin),
          );
          const s = o.data!.order!.status;
          return s === 'PENDING' ? undefined : o.data!.order!;
        },
        60_000,
        `order ${id} left PENDING`,
      );
      expect(confirmed).toEqual({ status: 'CONFIRMED', shippingAddress: { line1 } });
    }
  }, 300_000);

  async function reservationStatus(orderId: string): Promise<string | null> {
    const rows = await query(
      stack.dbs['inventory']!.url,
      'SELECT status FROM stock_reservations WHERE order_id = $1',
      [orderId],
    );
    return (rows[0]?.['status'] as string | undefined) ?? null;
  }
});

async function query(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
