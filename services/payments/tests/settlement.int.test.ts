import { OrderPlaced, StockReserved } from '@shopgraph/events';
import {
  ADMIN,
  ANONYMOUS,
  as,
  customer,
  errorCodes,
  eventually,
  gql,
  newId,
  published,
  relayedAt,
  UpstreamProducer,
} from '@shopgraph/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePaymentsService } from './support.ts';

const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Payment { id status amount { amount currency } method { brand last4 } declineReason order { id } createdAt updatedAt }
    ... on Order { id payment { id status } }
  }
}`;

describe('payments: capture, void, refund, reads and the Kafka path (real PostgreSQL, Kafka)', () => {
  const fx = usePaymentsService();
  const { paymentsOf, placed, dispatch, cancel, authorized, settlementsDone, providerOperations } = fx;

  it('when an authorized order is cancelled, then the payment is VOIDED, and a later dispatch captures nothing', async () => {
    const orderId = await authorized();
    const [payment] = await paymentsOf(orderId);
    await cancel(orderId);
    await cancel(orderId);
    await dispatch(orderId);
    expect(await settlementsDone(orderId)).toEqual({ operations: ['void'], statuses: ['VOIDED'] });
    expect(await providerOperations(orderId)).toEqual([['void', `${payment!.id}:void`]]);
    expect((await published(fx.service.pool, orderId)).map(([type]) => type)).toEqual([
      'PaymentAuthorized',
      'PaymentVoided',
    ]);
  });

  it('when the shipment is dispatched, then the payment is CAPTURED once; a cancel afterwards REFUNDS it once', async () => {
    const orderId = await authorized();
    const [payment] = await paymentsOf(orderId);
    await dispatch(orderId);
    await dispatch(orderId);
    expect(await settlementsDone(orderId)).toEqual({ operations: ['capture'], statuses: ['CAPTURED'] });
    await cancel(orderId, 'SHIPPED');
    await cancel(orderId, 'SHIPPED');
    await dispatch(orderId);
    expect(await settlementsDone(orderId)).toEqual({
      operations: ['capture', 'refund'],
      statuses: ['REFUNDED'],
    });
    expect(await providerOperations(orderId)).toEqual([
      ['capture', `${payment!.id}:capture`],
      ['refund', `${payment!.id}:refund`],
    ]);
    const events = await published(fx.service.pool, orderId);
    expect(events.map(([type]) => type)).toEqual(['PaymentAuthorized', 'PaymentCaptured', 'PaymentRefunded']);
    expect(events[1]![1]).toMatchObject({ orderId, amount: { amount: 9900, currency: 'EUR' } });
  });

  it('when the order is cancelled right after dispatch, before the capture is done, then it is captured, then refunded, once each', async () => {
    const orderId = await authorized();
    await dispatch(orderId);
    await cancel(orderId, 'SHIPPED');
    expect(await settlementsDone(orderId)).toEqual({
      operations: ['capture', 'refund'],
      statuses: ['REFUNDED'],
    });
    expect((await providerOperations(orderId)).map(([op]) => op)).toEqual(['capture', 'refund']);
    expect((await published(fx.service.pool, orderId)).map(([type]) => type)).toEqual([
      'PaymentAuthorized',
      'PaymentCaptured',
      'PaymentRefunded',
    ]);
  });

  it('when a declined order is cancelled or dispatched, then nothing changes and nothing is published', async () => {
    const orderId = await authorized({ paymentToken: 'tok_decline' });
    await cancel(orderId, 'PAYMENT_FAILED');
    await dispatch(orderId);
    // The handlers committed (deliver returns after commit) and asked nothing of the provider.
    expect(await settlementsDone(orderId)).toEqual({ operations: [], statuses: ['DECLINED'] });
    expect(await providerOperations(orderId)).toEqual([]);
    expect((await published(fx.service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentDeclined']);
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
      gql<{ _entities: unknown[] }>(fx.url, ENTITIES, { representations }, as(identity));

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
    const producer = new UpstreamProducer();
    await producer.connect([OrderPlaced.topic, StockReserved.topic]);
    try {
      await producer.send(OrderPlaced, orderId, placed(orderId));
      await producer.send(StockReserved, orderId, { orderId, lines: [{ productId: newId(), quantity: 1 }] });
    } finally {
      await producer.disconnect();
    }
    const sentAt = await eventually(
      () => relayedAt(fx.service.pool, orderId, 'shopgraph.payments.PaymentAuthorized.v1'),
      30_000,
      'PaymentAuthorized relayed',
    );
    expect(sentAt).toEqual(expect.any(Date));
    expect((await paymentsOf(orderId)).map((p) => p.status)).toEqual(['AUTHORIZED']);
    const metrics = await (await fetch(fx.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/shopgraph_payments_total\{outcome="authorized"[^}]*\} [1-9]/);
  });
});
