// Shared by the orders integration tests: the service under test with its read models fed
// through a private Kafka namespace, a producer of upstream events, the operations they send.
import { randomUUID } from 'node:crypto';
import {
  AddressAdded,
  PaymentAuthorized,
  ProductActivated,
  ProductPriceChanged,
  ProductUpserted,
  ShipmentDispatched,
  StockReservationRejected,
} from '@shopgraph/events';
import type { SubgraphService } from '@shopgraph/platform';
import {
  as,
  createTestDatabase,
  customer,
  eventually,
  gql,
  testServiceConfig,
  UpstreamProducer,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll } from 'vitest';
import { configSpec } from '../src/config.ts';
import { createOrdersService } from '../src/server.ts';

const ORDER_FIELDS = `id number status customer { id } total { amount currency }
  lines { product { id } quantity unitPrice { amount currency } lineTotal { amount currency } }
  statusHistory { status at reason } shippingAddress { city country } createdAt`;
export const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { ${ORDER_FIELDS} } }`;
export const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
export const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id) { id status } }`;
export const CUSTOMER_ORDERS = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Customer { id orders(first: 2) { edges { node { id number } } pageInfo { hasNextPage endCursor } } } } }`;

export interface OrderView {
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

/**
 * The orders service under test, for one test file: its own database and Kafka namespace, the
 * read models fed through Kafka as products and customers would publish them, two customers
 * with an address each, and helpers. Registers its own beforeAll/afterAll.
 */
export function useOrdersService() {
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

  return {
    alice,
    bob,
    aliceAddress,
    bobAddress,
    shirt,
    socks,
    draft,
    discontinued,
    sekOnly,
    count,
    orderCount,
    outboxCount,
    place,
    input,
    statusOf,
    awaitStatus,
    get service() {
      return service;
    },
    get url() {
      return url;
    },
    get producer() {
      return producer;
    },
  };
}
