import { randomUUID } from 'node:crypto';
import {
  AddressAdded,
  PaymentAuthorized,
  PaymentDeclined,
  ProductActivated,
  ProductPriceChanged,
  ProductUpserted,
  ShipmentDelivered,
  ShipmentDispatched,
  StockReservationRejected,
} from '@shopgraph/events';
import {
  createTestDatabase,
  errorCodes,
  gql,
  testServiceConfig,
  type TestDatabase,
} from '@shopgraph/testing';
import type { SubgraphService } from '@shopgraph/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepPending } from '../src/domain/sweep-pending.ts';
import { configSpec } from '../src/config.ts';
import { orderEffects } from '../src/events/publish.ts';
import { createOrdersService } from '../src/server.ts';
import { ADMIN, as, customer, eventually, UpstreamProducer } from './support.ts';

const ORDER_FIELDS = `id number status customer { id } total { amount currency }
  lines { product { id } quantity unitPrice { amount currency } lineTotal { amount currency } }
  statusHistory { status at reason } shippingAddress { city country } createdAt`;
const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id) { id status } }`;
const CUSTOMER_ORDERS = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Customer { id orders(first: 2) { edges { node { id number } } pageInfo { hasNextPage endCursor } } } } }`;

interface OrderView {
  id: string;
  number: string;
  status: string;
  customer: { id: string };
  total: { amount: number; currency: string };
  lines: {
    product: { id: string };
    quantity: number;
    unitPrice: { amount: number };
    lineTotal: { amount: number };
  }[];
  statusHistory: { status: string; at: string; reason: string | null }[];
  shippingAddress: { city: string; country: string } | null;
}

describe('orders subgraph (real PostgreSQL and a private Kafka)', () => {
  // Its own Kafka namespace: no other stack's services read what this test publishes, or it theirs.
  const namespace = `t-orders-${randomUUID().slice(0, 6)}`;
  const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  let db: TestDatabase;
  let service: SubgraphService;
  let url: string;
  const upstream = () => new UpstreamProducer(brokers, namespace);
  let producer: UpstreamProducer;

  const alice = randomUUID();
  const bob = randomUUID();
  const aliceAddress = randomUUID();
  const bobAddress = randomUUID();
  const [shirt, socks, draft, discontinued, sekOnly] = [
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
    randomUUID(),
  ];

  const count = async (sql: string, params: unknown[] = []) =>
    Number((await service.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
  const orderCount = () => count('SELECT count(*) AS n FROM orders');
  const outboxCount = (type?: string, subject?: string) =>
    count(
      `SELECT count(*) AS n FROM outbox WHERE ($1::text IS NULL OR type = $1) AND ($2::text IS NULL OR key = $2)`,
      [type ?? null, subject ?? null],
    );
  const place = (who: string, input: Record<string, unknown>) =>
    gql<{ placeOrder: OrderView }>(url, PLACE, { input }, as(customer(who)));
  const input = (over: Record<string, unknown> = {}) => ({
    idempotencyKey: randomUUID(),
    lines: [{ productId: shirt, quantity: 2 }],
    shippingAddressId: aliceAddress,
    paymentToken: 'tok_visa',
    ...over,
  });
  const statusOf = async (id: string) =>
    (await service.pool.query<{ status: string }>('SELECT status FROM orders WHERE id = $1', [id])).rows[0]!
      .status;
  const awaitStatus = (id: string, status: string) =>
    eventually(async () => ((await statusOf(id)) === status ? true : undefined));

  beforeAll(async () => {
    db = await createTestDatabase('orders');
    service = createOrdersService(
      // The sweeper is driven by hand below.
      testServiceConfig(
        'orders',
        db.url,
        { KAFKA_NAMESPACE: namespace, ORDER_SWEEP_INTERVAL_MS: '0' },
        configSpec,
      ),
    );
    url = (await service.start()).url;
    producer = upstream();
    await producer.connect([
      ProductUpserted.topic,
      AddressAdded.topic,
      StockReservationRejected.topic,
      PaymentAuthorized.topic,
      ShipmentDispatched.topic,
    ]);

    // The read models arrive as products and customers publish them.
    const product = (
      productId: string,
      status: 'DRAFT' | 'ACTIVE' | 'DISCONTINUED',
      amount: number | null,
      currency = 'EUR',
    ) =>
      producer.send(ProductUpserted, productId, {
        productId,
        sku: `SKU-${productId.slice(0, 8).toUpperCase()}`,
        brandId: randomUUID(),
        name: 'Test product',
        status,
        price: amount === null ? null : { amount, currency },
        category: 'test',
      });
    await product(shirt, 'ACTIVE', 2500);
    await product(socks, 'ACTIVE', 900);
    await producer.send(ProductPriceChanged, socks, {
      productId: socks,
      sku: 'SOCKS',
      price: { amount: 1000, currency: 'EUR' },
      previousPrice: { amount: 900, currency: 'EUR' },
    });
    await product(draft, 'DRAFT', 1000);
    await product(discontinued, 'ACTIVE', 1000);
    await product(discontinued, 'DISCONTINUED', 1000);
    await product(sekOnly, 'DRAFT', 5000, 'SEK');
    await producer.send(ProductActivated, sekOnly, { productId: sekOnly, sku: 'SEK-ONLY' });
    const address = (id: string, customerId: string, city: string) =>
      producer.send(AddressAdded, customerId, {
        addressId: id,
        customerId,
        name: 'Test Person',
        line1: '1 Test Street',
        line2: null,
        city,
        postalCode: '12345',
        country: 'SE',
      });
    await address(aliceAddress, alice, 'Stockholm');
    await address(bobAddress, bob, 'Malmö');
    await eventually(async () =>
      (await count('SELECT count(*) AS n FROM known_addresses')) === 2 &&
      (await count(`SELECT count(*) AS n FROM known_products WHERE product_id = $1 AND status = 'ACTIVE'`, [
        sekOnly,
      ])) === 1 &&
      (await count(`SELECT count(*) AS n FROM known_products WHERE product_id = $1 AND price_amount = 1000`, [
        socks,
      ])) === 1 &&
      (await count(
        `SELECT count(*) AS n FROM known_products WHERE product_id = $1 AND status = 'DISCONTINUED'`,
        [discontinued],
      )) === 1
        ? true
        : undefined,
    );
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await service?.stop();
    await db?.drop();
  });

  describe('placeOrder', () => {
    it('when a customer orders ACTIVE products, then the order is PENDING, priced from the read model, with OrderPlaced', async () => {
      const res = await place(
        alice,
        input({
          lines: [
            { productId: shirt, quantity: 2 },
            { productId: socks, quantity: 3 },
          ],
        }),
      );
      expect(res.errors).toBeUndefined();
      const order = res.data!.placeOrder;
      expect(order.number).toMatch(/^SG-\d{6}$/);
      expect(order.status).toBe('PENDING');
      expect(order.customer.id).toBe(alice);
      expect(
        order.lines.map((l) => [l.product.id, l.quantity, l.unitPrice.amount, l.lineTotal.amount]),
      ).toEqual([
        [shirt, 2, 2500, 5000],
        [socks, 3, 1000, 3000], // the changed price, not the first one
      ]);
      expect(order.total).toEqual({ amount: 8000, currency: 'EUR' });
      expect(order.statusHistory.map((h) => h.status)).toEqual(['PENDING']);
      expect(order.shippingAddress).toEqual({ city: 'Stockholm', country: 'SE' });
      const placed = await service.pool.query<{
        envelope: { data: { lines: unknown[]; shippingAddress: { city: string } } };
      }>(
        `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderPlaced.v1' AND key = $1`,
        [order.id],
      );
      expect(placed.rows).toHaveLength(1);
      expect(placed.rows[0]!.envelope.data.lines).toHaveLength(2);
      expect(placed.rows[0]!.envelope.data.shippingAddress.city).toBe('Stockholm');
    });

    it('when the same placeOrder is sent 5 times at once, then one order and one OrderPlaced', async () => {
      const same = input({ idempotencyKey: `race-${randomUUID()}` });
      const before = await outboxCount('shopgraph.orders.OrderPlaced.v1');
      const results = await Promise.all(Array.from({ length: 5 }, () => place(alice, same)));
      const ids = new Set(results.map((r) => r.data?.placeOrder.id));
      expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
      expect(ids.size).toBe(1);
      expect(
        await count('SELECT count(*) AS n FROM orders WHERE idempotency_key = $1', [same.idempotencyKey]),
      ).toBe(1);
      expect(await outboxCount('shopgraph.orders.OrderPlaced.v1')).toBe(before + 1);
      // ...and later, with other lines, still that order (the key decides).
      const again = await place(alice, { ...same, lines: [{ productId: socks, quantity: 1 }] });
      expect(again.data!.placeOrder.id).toBe([...ids][0]);
    });

    it('when another customer uses the same key, then they get their own order', async () => {
      const key = `shared-${randomUUID()}`;
      const a = await place(alice, input({ idempotencyKey: key }));
      const b = await place(bob, input({ idempotencyKey: key, shippingAddressId: bobAddress }));
      expect(a.data!.placeOrder.id).not.toBe(b.data!.placeOrder.id);
    });

    it.each([
      ['no lines', { lines: [] }, 'lines'],
      [
        '101 lines',
        { lines: Array.from({ length: 101 }, () => ({ productId: randomUUID(), quantity: 1 })) },
        'lines',
      ],
      ['quantity 0', { lines: [{ productId: shirt, quantity: 0 }] }, 'lines[0].quantity'],
      ['negative quantity', { lines: [{ productId: shirt, quantity: -2 }] }, 'lines[0].quantity'],
      [
        'an unknown product',
        {
          lines: [
            { productId: shirt, quantity: 1 },
            { productId: randomUUID(), quantity: 1 },
          ],
        },
        'lines[1].productId',
      ],
      ['a DRAFT product', { lines: [{ productId: draft, quantity: 1 }] }, 'lines[0].productId'],
      ['a DISCONTINUED product', { lines: [{ productId: discontinued, quantity: 1 }] }, 'lines[0].productId'],
      [
        'a product twice',
        {
          lines: [
            { productId: shirt, quantity: 1 },
            { productId: shirt, quantity: 1 },
          ],
        },
        'lines[1].productId',
      ],
      [
        'two currencies',
        {
          lines: [
            { productId: shirt, quantity: 1 },
            { productId: sekOnly, quantity: 1 },
          ],
        },
        'lines[1].productId',
      ],
      ["another customer's address", { shippingAddressId: bobAddress }, 'shippingAddressId'],
      ['an unknown address', { shippingAddressId: randomUUID() }, 'shippingAddressId'],
    ])(
      'when the order has %s, then BAD_USER_INPUT on the field and nothing is written',
      async (_, over, field) => {
        const [orders, events] = [await orderCount(), await outboxCount()];
        const res = await place(alice, input(over));
        expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0]!.extensions!['field']).toBe(field);
        expect(res.data).toBeNull();
        expect([await orderCount(), await outboxCount()]).toEqual([orders, events]);
      },
    );

    it('when the caller is anonymous or not a customer, then UNAUTHENTICATED or FORBIDDEN', async () => {
      expect(errorCodes(await gql(url, PLACE, { input: input() }))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await gql(url, PLACE, { input: input() }, as(ADMIN)))).toEqual(['FORBIDDEN']);
    });
  });

  describe('reading orders', () => {
    it("when customer B reads A's order, then FORBIDDEN and no data; A and admin see it", async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const asBob = await gql<{ order: OrderView | null }>(url, ORDER, { id }, as(customer(bob)));
      expect(errorCodes(asBob)).toEqual(['FORBIDDEN']);
      expect(asBob.data?.order ?? null).toBeNull();
      expect(JSON.stringify(asBob)).not.toContain(alice);
      expect((await gql<{ order: OrderView }>(url, ORDER, { id }, as(customer(alice)))).data!.order.id).toBe(
        id,
      );
      expect((await gql<{ order: OrderView }>(url, ORDER, { id }, as(ADMIN))).data!.order.id).toBe(id);
      expect(errorCodes(await gql(url, ORDER, { id }))).toEqual(['UNAUTHENTICATED']);
      expect((await gql(url, ORDER, { id: randomUUID() }, as(ADMIN))).data).toEqual({ order: null });
    });

    it('when Customer.orders is resolved through _entities, then only the customer or admin gets the list, newest first', async () => {
      const reps = [{ __typename: 'Customer', id: alice }];
      type Res = {
        _entities: {
          orders: {
            edges: { node: { id: string; number: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }[];
      };
      const mine = await gql<Res>(url, CUSTOMER_ORDERS, { reps }, as(customer(alice)));
      expect(mine.errors).toBeUndefined();
      const page = mine.data!._entities[0]!.orders;
      expect(page.edges).toHaveLength(2);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(page.edges[0]!.node.number > page.edges[1]!.node.number).toBe(true);
      const theirs = await gql<Res>(url, CUSTOMER_ORDERS, { reps }, as(customer(bob)));
      expect(errorCodes(theirs)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(theirs.data)).not.toContain('SG-');
      expect((await gql<Res>(url, CUSTOMER_ORDERS, { reps }, as(ADMIN))).errors).toBeUndefined();
    });
  });

  describe('lifecycle through Kafka', () => {
    it('when payment is authorized, dispatched and delivered, then CONFIRMED, SHIPPED, DELIVERED with an event each', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const paymentId = randomUUID();
      const shipmentId = randomUUID();
      const amount = { amount: 5000, currency: 'EUR' };
      const authorized = await producer.send(PaymentAuthorized, paymentId, {
        paymentId,
        orderId: id,
        amount,
        method: { brand: 'visa', last4: '4242' },
      });
      await awaitStatus(id, 'CONFIRMED');
      // The same event again (inbox) and a late decline (lifecycle table): nothing moves.
      await producer.send(
        PaymentAuthorized,
        paymentId,
        { paymentId, orderId: id, amount, method: { brand: 'visa', last4: '4242' } },
        authorized,
      );
      await producer.send(PaymentDeclined, paymentId, { paymentId, orderId: id, amount, reason: 'late' });
      await producer.send(ShipmentDispatched, shipmentId, {
        shipmentId,
        orderId: id,
        carrier: 'PostNord',
        trackingNumber: 'T1',
      });
      await awaitStatus(id, 'SHIPPED');
      await producer.send(ShipmentDelivered, shipmentId, { shipmentId, orderId: id });
      await awaitStatus(id, 'DELIVERED');
      const order = (await gql<{ order: OrderView }>(url, ORDER, { id }, as(customer(alice)))).data!.order;
      expect(order.statusHistory.map((h) => h.status)).toEqual([
        'PENDING',
        'CONFIRMED',
        'SHIPPED',
        'DELIVERED',
      ]);
      for (const type of ['OrderConfirmed', 'OrderShipped', 'OrderDelivered'])
        expect(await outboxCount(`shopgraph.orders.${type}.v1`, id)).toBe(1);
      expect(await outboxCount('shopgraph.orders.OrderPaymentFailed.v1', id)).toBe(0);
    });

    it('when stock is short, then REJECTED with OrderRejected naming the short lines', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      await producer.send(StockReservationRejected, id, {
        orderId: id,
        shortLines: [{ productId: shirt, requested: 2, available: 1 }],
      });
      await awaitStatus(id, 'REJECTED');
      const rejected = await service.pool.query<{ envelope: { data: { shortLines: unknown[] } } }>(
        `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderRejected.v1' AND key = $1`,
        [id],
      );
      expect(rejected.rows[0]!.envelope.data.shortLines).toEqual([
        { productId: shirt, requested: 2, available: 1 },
      ]);
    });

    it('when the payment is declined, then PAYMENT_FAILED with the reason in the history', async () => {
      const { id } = (await place(alice, input({ paymentToken: 'tok_decline' }))).data!.placeOrder;
      const paymentId = randomUUID();
      await producer.send(PaymentDeclined, paymentId, {
        paymentId,
        orderId: id,
        amount: { amount: 5000, currency: 'EUR' },
        reason: 'card declined',
      });
      await awaitStatus(id, 'PAYMENT_FAILED');
      const order = (await gql<{ order: OrderView }>(url, ORDER, { id }, as(ADMIN))).data!.order;
      expect(order.statusHistory.at(-1)).toMatchObject({
        status: 'PAYMENT_FAILED',
        reason: 'payment declined: card declined',
      });
      expect(await outboxCount('shopgraph.orders.OrderPaymentFailed.v1', id)).toBe(1);
    });
  });

  describe('cancelOrder', () => {
    it('when the owner cancels a PENDING order, then CANCELLED with OrderCancelled; cancelling again changes nothing', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const res = await gql<{ cancelOrder: { status: string } }>(url, CANCEL, { id }, as(customer(alice)));
      expect(res.data!.cancelOrder.status).toBe('CANCELLED');
      const again = await gql<{ cancelOrder: { status: string } }>(url, CANCEL, { id }, as(customer(alice)));
      expect(again.data!.cancelOrder.status).toBe('CANCELLED');
      const events = await service.pool.query<{ envelope: { data: { previousStatus: string } } }>(
        `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderCancelled.v1' AND key = $1`,
        [id],
      );
      expect(events.rows.map((r) => r.envelope.data.previousStatus)).toEqual(['PENDING']);
      // A payment that comes after the cancel does not revive it.
      const paymentId = randomUUID();
      await producer.send(PaymentAuthorized, paymentId, {
        paymentId,
        orderId: id,
        amount: { amount: 5000, currency: 'EUR' },
        method: { brand: 'visa', last4: '4242' },
      });
      // A second authorization on the same key (same partition) for another order: once that
      // one is CONFIRMED, the first has been handled too.
      const marker = (await place(alice, input())).data!.placeOrder.id;
      await producer.send(PaymentAuthorized, paymentId, {
        paymentId: randomUUID(),
        orderId: marker,
        amount: { amount: 5000, currency: 'EUR' },
        method: { brand: 'visa', last4: '4242' },
      });
      await awaitStatus(marker, 'CONFIRMED');
      expect(await statusOf(id)).toBe('CANCELLED');
    });

    it('when admin cancels a CONFIRMED order, then CANCELLED (previousStatus CONFIRMED)', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const paymentId = randomUUID();
      await producer.send(PaymentAuthorized, paymentId, {
        paymentId,
        orderId: id,
        amount: { amount: 5000, currency: 'EUR' },
        method: { brand: 'visa', last4: '4242' },
      });
      await awaitStatus(id, 'CONFIRMED');
      const res = await gql<{ cancelOrder: { status: string } }>(url, CANCEL, { id }, as(ADMIN));
      expect(res.data!.cancelOrder.status).toBe('CANCELLED');
      const events = await service.pool.query<{
        envelope: { data: { previousStatus: string; reason: string } };
      }>(
        `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderCancelled.v1' AND key = $1`,
        [id],
      );
      expect(events.rows[0]!.envelope.data).toMatchObject({
        previousStatus: 'CONFIRMED',
        reason: 'cancelled by an admin',
      });
    });

    it('when the order is shipped, then CONFLICT; another customer gets FORBIDDEN; an unknown id NOT_FOUND', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const shipmentId = randomUUID();
      await producer.send(ShipmentDispatched, shipmentId, {
        shipmentId,
        orderId: id,
        carrier: 'DHL',
        trackingNumber: 'T2',
      });
      await awaitStatus(id, 'SHIPPED');
      expect(errorCodes(await gql(url, CANCEL, { id }, as(customer(alice))))).toEqual(['CONFLICT']);
      const pending = (await place(alice, input())).data!.placeOrder.id;
      const byBob = await gql(url, CANCEL, { id: pending }, as(customer(bob)));
      expect(errorCodes(byBob)).toEqual(['FORBIDDEN']);
      expect(await statusOf(pending)).toBe('PENDING');
      expect(errorCodes(await gql(url, CANCEL, { id: randomUUID() }, as(ADMIN)))).toEqual(['NOT_FOUND']);
    });
  });

  describe('PENDING-timeout sweeper', () => {
    it('when PENDING orders are older than the timeout, then two sweepers at once cancel each exactly once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await place(alice, input())).data!.placeOrder.id);
      const fresh = (await place(alice, input())).data!.placeOrder.id;
      await service.pool.query(
        `UPDATE orders SET created_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const stale = await count(
        `SELECT count(*) AS n FROM orders WHERE status = 'PENDING' AND created_at < now() - interval '30 minutes'`,
      );
      const [a, b] = await Promise.all([
        sweepPending(service.pool, orderEffects(service), 30 * 60_000, 7),
        sweepPending(service.pool, orderEffects(service), 30 * 60_000, 7),
      ]);
      expect(a + b).toBe(stale);
      for (const id of ids) expect(await statusOf(id)).toBe('CANCELLED');
      expect(await statusOf(fresh)).toBe('PENDING');
      expect(
        await count(
          `SELECT count(*) AS n FROM outbox WHERE type = 'shopgraph.orders.OrderCancelled.v1' AND key = ANY($1::text[])`,
          [ids],
        ),
      ).toBe(ids.length);
    });
  });

  it('when orders have moved, then /metrics counts transitions and checkout durations', async () => {
    const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/shopgraph_orders_transitions_total\{[^}]*from="none"[^}]*to="PENDING"[^}]*\} \d+/);
    expect(text).toMatch(
      /shopgraph_orders_transitions_total\{[^}]*from="PENDING"[^}]*to="CONFIRMED"[^}]*\} \d+/,
    );
    expect(text).toMatch(/shopgraph_checkout_duration_seconds_count\{[^}]*outcome="REJECTED"[^}]*\} 1/);
  });
});
