import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import {
  createEnvelope,
  envelopeHeaders,
  OrderCancelled,
  OrderPlaced,
  ShipmentDispatched,
  StockReserved,
  type DataOf,
} from '@shopgraph/events';
import { loadConfig, withTransaction, type SubgraphService } from '@shopgraph/platform';
import {
  ADMIN,
  ANONYMOUS,
  as,
  createTestDatabase,
  customer,
  deliverer,
  errorCodes,
  gql,
  newId,
  published,
  type TestDatabase,
  testServiceConfig,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentsConfigSpec } from '../src/config.ts';
import { insertPayment } from '../src/data/payment-repository.ts';
import { authorizeClaimed } from '../src/domain/authorize-payment.ts';
import { handlers } from '../src/events/handlers.ts';
import { publish } from '../src/events/publish.ts';
import { simulatedProvider } from '../src/provider/simulated-provider.ts';
import { createPaymentsService } from '../src/server.ts';

const SLOW_MS = 300;
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Payment { id status amount { amount currency } method { brand last4 } declineReason order { id } createdAt updatedAt }
    ... on Order { id payment { id status } }
  }
}`;

interface PaymentRow {
  id: string;
  status: string;
  decline_reason: string | null;
  method_brand: string | null;
}

describe('payments subgraph and saga handlers (real PostgreSQL, Kafka)', () => {
  let db: TestDatabase;
  let service: SubgraphService;
  let url: string;
  let deliver: ReturnType<typeof deliverer>;

  const paymentsOf = async (orderId: string) =>
    (await service.pool.query<PaymentRow>('SELECT * FROM payments WHERE order_id = $1', [orderId])).rows;
  const placed = (
    orderId: string,
    over: Partial<DataOf<typeof OrderPlaced>> = {},
  ): DataOf<typeof OrderPlaced> => ({
    orderId,
    number: `SG-${orderId.slice(0, 6)}`,
    customerId: over.customerId ?? newId(),
    lines: [
      {
        productId: newId(),
        quantity: 2,
        unitPrice: { amount: 4950, currency: 'EUR' },
        lineTotal: { amount: 9900, currency: 'EUR' },
      },
    ],
    total: { amount: 9900, currency: 'EUR' },
    paymentToken: 'tok_visa',
    shippingAddress: null,
    ...over,
  });
  const place = (orderId: string, over: Partial<DataOf<typeof OrderPlaced>> = {}) =>
    deliver(OrderPlaced, orderId, placed(orderId, over));
  const reserve = (orderId: string) =>
    deliver(StockReserved, orderId, { orderId, lines: [{ productId: newId(), quantity: 2 }] });
  const dispatch = (orderId: string) =>
    deliver(ShipmentDispatched, newId(), {
      shipmentId: newId(),
      orderId,
      carrier: 'PostNord',
      trackingNumber: 'SG0000000001',
    });
  const cancel = (orderId: string, previousStatus = 'CONFIRMED') =>
    deliver(OrderCancelled, orderId, { orderId, previousStatus, reason: 'customer asked' });
  /** Waits for the running service's authorizer to record the order's payment (or times out). */
  const settled = async (orderId: string, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await paymentsOf(orderId);
      if (rows.length > 0 || Date.now() > deadline) return rows;
      await sleep(10);
    }
  };
  /** Long enough for a NOTIFY-woken authorizer to have acted, had the order been ready. */
  const quiet = () => sleep(400);
  /** An order with an AUTHORIZED (or, by token, DECLINED) payment. */
  const authorized = async (over: Partial<DataOf<typeof OrderPlaced>> = {}) => {
    const orderId = newId();
    await place(orderId, over);
    await reserve(orderId);
    await settled(orderId);
    return orderId;
  };

  beforeAll(async () => {
    db = await createTestDatabase('payments');
    const own = loadConfig(paymentsConfigSpec, {
      PAYMENTS_CONSUMER_GROUP: `test.payments.${randomUUID()}`,
      PAYMENT_SLOW_DELAY_MS: String(SLOW_MS),
    });
    service = createPaymentsService({ ...testServiceConfig('payments', db.url), ...own });
    url = (await service.start()).url;
    deliver = deliverer(service.pool, handlers(simulatedProvider({ slowDelayMs: SLOW_MS })));
  });
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('when an order is placed, then its intent is remembered but nothing is authorized or published', async () => {
    const orderId = newId();
    await place(orderId);
    await quiet();
    expect(await paymentsOf(orderId)).toEqual([]);
    expect(await published(service.pool, orderId)).toEqual([]);
    const { rows } = await service.pool.query(
      'SELECT amount, payment_token FROM payment_orders WHERE order_id = $1',
      [orderId],
    );
    expect(rows).toEqual([{ amount: 9900, payment_token: 'tok_visa' }]);
  });

  it('when its stock is reserved and the token is tok_visa, then the payment is AUTHORIZED and PaymentAuthorized is published', async () => {
    const orderId = await authorized();
    const [payment] = await paymentsOf(orderId);
    expect(payment).toMatchObject({ status: 'AUTHORIZED', method_brand: 'visa', decline_reason: null });
    expect(await published(service.pool, orderId)).toEqual([
      [
        'PaymentAuthorized',
        {
          paymentId: payment!.id,
          orderId,
          amount: { amount: 9900, currency: 'EUR' },
          method: { brand: 'visa', last4: '4242' },
        },
      ],
    ]);
  });

  it.each([
    ['tok_decline', 'card declined'],
    ['tok_nonsense', 'unknown payment method'],
  ])(
    'when the token is %s, then the payment is DECLINED (%s) and PaymentDeclined is published',
    async (token, reason) => {
      const orderId = await authorized({ paymentToken: token });
      const [payment] = await paymentsOf(orderId);
      expect(payment).toMatchObject({ status: 'DECLINED', decline_reason: reason });
      expect(await published(service.pool, orderId)).toEqual([
        [
          'PaymentDeclined',
          { paymentId: payment!.id, orderId, amount: { amount: 9900, currency: 'EUR' }, reason },
        ],
      ]);
    },
  );

  it('when the token is tok_slow, then the payment is authorized after the configured delay', async () => {
    const orderId = newId();
    await place(orderId, { paymentToken: 'tok_slow' });
    const started = performance.now();
    await reserve(orderId);
    expect((await settled(orderId)).map((p) => p.status)).toEqual(['AUTHORIZED']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(SLOW_MS - 10);
  });

  it('when a slow authorization is in progress, then other orders are authorized without waiting for it', async () => {
    const slow = newId();
    const fast = newId();
    await place(slow, { paymentToken: 'tok_slow' });
    await place(fast);
    await reserve(slow);
    const started = performance.now();
    await reserve(fast);
    expect((await settled(fast)).map((p) => p.status)).toEqual(['AUTHORIZED']);
    expect(performance.now() - started).toBeLessThan(SLOW_MS / 2);
    expect(await paymentsOf(slow)).toEqual([]);
    expect((await settled(slow)).map((p) => p.status)).toEqual(['AUTHORIZED']);
  });

  it('when StockReserved arrives before OrderPlaced (other topic, other partition), then it authorizes once OrderPlaced arrives', async () => {
    const orderId = newId();
    await reserve(orderId);
    await quiet();
    expect(await paymentsOf(orderId)).toEqual([]);
    await place(orderId);
    expect((await settled(orderId)).map((p) => p.status)).toEqual(['AUTHORIZED']);
    expect((await published(service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentAuthorized']);
  });

  it('when StockReserved is delivered twice (distinct event ids) or OrderPlaced replays, then there is one payment and one event', async () => {
    const orderId = await authorized();
    await reserve(orderId);
    await place(orderId);
    await quiet();
    expect(await paymentsOf(orderId)).toHaveLength(1);
    expect((await published(service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentAuthorized']);
  });

  it('when 8 consumers race on StockReserved and 5 workers race on one claimed order, then exactly one payment is recorded', async () => {
    const orderId = newId();
    await place(orderId, { paymentToken: 'tok_slow' });
    const intent = {
      orderId,
      customerId: newId(),
      amount: 9900,
      currency: 'EUR',
      paymentToken: 'tok_visa',
    };
    const provider = simulatedProvider({ slowDelayMs: 0 });
    const [, ...workers] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, () => reserve(orderId))),
      ...Array.from({ length: 5 }, () => authorizeClaimed(service.pool, provider, intent, publish)),
    ]);
    await settled(orderId);
    await sleep(SLOW_MS + 100);
    expect(await paymentsOf(orderId)).toHaveLength(1);
    expect(workers.filter((change) => change !== null)).toHaveLength(1);
    expect((await published(service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentAuthorized']);
  });

  it('when the order is cancelled while the provider is still deciding, then no payment is recorded and the hold is released', async () => {
    const orderId = newId();
    await place(orderId, { paymentToken: 'tok_slow' });
    await reserve(orderId);
    await sleep(SLOW_MS / 3);
    await cancel(orderId, 'PENDING');
    await sleep(SLOW_MS + 200);
    expect(await paymentsOf(orderId)).toEqual([]);
    expect(await published(service.pool, orderId)).toEqual([]);
    const { rows } = await service.pool.query(
      'SELECT authorization_claimed_at IS NOT NULL AS claimed, authorization_done_at IS NOT NULL AS done FROM payment_orders WHERE order_id = $1',
      [orderId],
    );
    expect(rows).toEqual([{ claimed: true, done: true }]);
  });

  it('when a second payment is written for an order directly, then the database refuses it (unique order id)', async () => {
    const orderId = await authorized();
    const second = {
      id: newId(),
      orderId,
      customerId: newId(),
      amount: { amount: 1, currency: 'EUR' },
      status: 'AUTHORIZED' as const,
      method: null,
      declineReason: null,
      providerRef: null,
    };
    expect(await withTransaction(service.pool, (tx) => insertPayment(tx, second))).toBeNull();
    await expect(
      service.pool.query(
        `INSERT INTO payments (id, order_id, customer_id, amount, currency, status) VALUES ($1, $2, $3, 1, 'EUR', 'AUTHORIZED')`,
        [newId(), orderId, newId()],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'payments_order_id_key' });
    expect(await paymentsOf(orderId)).toHaveLength(1);
  });

  it('when an order is cancelled before its stock is reserved, then a later StockReserved authorizes nothing', async () => {
    const orderId = newId();
    await place(orderId);
    await cancel(orderId, 'PENDING');
    await reserve(orderId);
    await quiet();
    expect(await paymentsOf(orderId)).toEqual([]);
    expect(await published(service.pool, orderId)).toEqual([]);
  });

  it('when an authorized order is cancelled, then the payment is VOIDED, and a later dispatch captures nothing', async () => {
    const orderId = await authorized();
    await cancel(orderId);
    await cancel(orderId);
    await dispatch(orderId);
    expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['VOIDED']);
    expect((await published(service.pool, orderId)).map(([type]) => type)).toEqual([
      'PaymentAuthorized',
      'PaymentVoided',
    ]);
  });

  it('when the shipment is dispatched, then the payment is CAPTURED once; a cancel afterwards REFUNDS it once', async () => {
    const orderId = await authorized();
    await dispatch(orderId);
    await dispatch(orderId);
    expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['CAPTURED']);
    await cancel(orderId, 'SHIPPED');
    await cancel(orderId, 'SHIPPED');
    await dispatch(orderId);
    expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['REFUNDED']);
    const events = await published(service.pool, orderId);
    expect(events.map(([type]) => type)).toEqual(['PaymentAuthorized', 'PaymentCaptured', 'PaymentRefunded']);
    expect(events[1]![1]).toMatchObject({ orderId, amount: { amount: 9900, currency: 'EUR' } });
  });

  it('when a declined order is cancelled or dispatched, then nothing changes and nothing is published', async () => {
    const orderId = await authorized({ paymentToken: 'tok_decline' });
    await cancel(orderId, 'PAYMENT_FAILED');
    await dispatch(orderId);
    expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['DECLINED']);
    expect((await published(service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentDeclined']);
  });

  describe('reads', () => {
    const alice = newId();
    const bob = newId();
    let orderId: string;
    let paymentId: string;

    beforeAll(async () => {
      orderId = await authorized({ customerId: alice });
      paymentId = (await paymentsOf(orderId))[0]!.id;
    });
    const entities = (representations: unknown[], identity = customer(alice)) =>
      gql<{ _entities: unknown[] }>(url, ENTITIES, { representations }, as(identity));

    it('when the order’s customer or an admin resolves the Payment, then they see it', async () => {
      for (const identity of [customer(alice), ADMIN]) {
        const res = await entities([{ __typename: 'Payment', id: paymentId }], identity);
        expect(res.errors).toBeUndefined();
        expect(res.data!._entities).toEqual([
          {
            id: paymentId,
            status: 'AUTHORIZED',
            amount: { amount: 9900, currency: 'EUR' },
            method: { brand: 'visa', last4: '4242' },
            declineReason: null,
            order: { id: orderId },
            createdAt: expect.stringMatching(/Z$/),
            updatedAt: expect.stringMatching(/Z$/),
          },
        ]);
      }
    });

    it('when Order.payment is resolved for the order’s customer, then it is the payment; an unknown order has none', async () => {
      const res = await entities([
        { __typename: 'Order', id: orderId },
        { __typename: 'Order', id: newId() },
        { __typename: 'Order', id: 'not-a-uuid' },
      ]);
      expect(res.errors).toBeUndefined();
      expect(res.data!._entities).toEqual([
        { id: orderId, payment: { id: paymentId, status: 'AUTHORIZED' } },
        { id: expect.any(String), payment: null },
        { id: 'not-a-uuid', payment: null },
      ]);
    });

    it.each([
      ['another customer', () => customer(bob), 'FORBIDDEN'],
      ['a brand', () => ({ role: 'brand', subject: 'brand:x', brandId: newId() }) as const, 'FORBIDDEN'],
      ['anonymous', () => ANONYMOUS, 'UNAUTHENTICATED'],
    ])(
      'when %s resolves the Payment or Order.payment, then it is %s with no data',
      async (_, identity, code) => {
        const byId = await entities([{ __typename: 'Payment', id: paymentId }], identity());
        expect(byId.data).toEqual({ _entities: [null] });
        expect(errorCodes(byId)).toEqual([code]);
        const byOrder = await entities([{ __typename: 'Order', id: orderId }], identity());
        expect(byOrder.data).toEqual({ _entities: [{ id: orderId, payment: null }] });
        expect(errorCodes(byOrder)).toEqual([code]);
        expect(JSON.stringify([byId, byOrder])).not.toMatch(/4242|9900|AUTHORIZED/);
      },
    );
  });

  it('when OrderPlaced and StockReserved arrive through Kafka, then the running service authorizes, relays PaymentAuthorized and counts it', async () => {
    const orderId = newId();
    const kafka = new Kafka({
      clientId: 'payments-test',
      brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const [def, data] of [
        [OrderPlaced, placed(orderId)],
        [StockReserved, { orderId, lines: [{ productId: newId(), quantity: 1 }] }],
      ] as const) {
        const envelope = createEnvelope({ producer: def.producer, type: def.type, subject: orderId, data });
        await producer.send({
          topic: def.topic,
          messages: [{ key: orderId, value: JSON.stringify(envelope), headers: envelopeHeaders(envelope) }],
        });
      }
    } finally {
      await producer.disconnect();
    }
    const deadline = Date.now() + 30_000;
    let sent: { published_at: Date | null }[] = [];
    while (Date.now() < deadline) {
      sent = (
        await service.pool.query<{ published_at: Date | null }>(
          `SELECT published_at FROM outbox WHERE type = 'shopgraph.payments.PaymentAuthorized.v1'
             AND envelope::jsonb -> 'data' ->> 'orderId' = $1`,
          [orderId],
        )
      ).rows;
      if (sent[0]?.published_at) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sent).toEqual([{ published_at: expect.any(Date) }]);
    expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['AUTHORIZED']);
    const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/shopgraph_payments_total\{outcome="authorized"[^}]*\} [1-9]/);
  });
});
