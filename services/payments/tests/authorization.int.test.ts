import { withTransaction } from '@shopgraph/platform';
import { eventually, newId, published } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { insertPayment } from '../src/data/payment-repository.ts';
import { authorizeClaimed } from '../src/domain/authorize-payment.ts';
import { publish } from '../src/events/publish.ts';
import { simulatedProvider } from '../src/provider/simulated-provider.ts';
import { usePaymentsService } from './support.ts';

describe('payments: authorizing (real PostgreSQL, the running authorizer)', () => {
  const fx = usePaymentsService();
  const { paymentsOf, place, reserve, cancel, settled, claim, authorized, quiet } = fx;

  it('when an order is placed, then its intent is remembered but nothing is authorized or published', async () => {
    const orderId = newId();
    await place(orderId);
    await quiet();
    expect(await paymentsOf(orderId)).toEqual([]);
    expect(await published(fx.service.pool, orderId)).toEqual([]);
    const { rows } = await fx.service.pool.query(
      'SELECT amount, payment_token FROM payment_orders WHERE order_id = $1',
      [orderId],
    );
    expect(rows).toEqual([{ amount: 9900, payment_token: 'tok_visa' }]);
  });

  it('when its stock is reserved and the token is tok_visa, then the payment is AUTHORIZED and PaymentAuthorized is published', async () => {
    const orderId = await authorized();
    const [payment] = await paymentsOf(orderId);
    expect(payment).toMatchObject({ status: 'AUTHORIZED', method_brand: 'visa', decline_reason: null });
    expect(await published(fx.service.pool, orderId)).toEqual([
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
      expect(await published(fx.service.pool, orderId)).toEqual([
        [
          'PaymentDeclined',
          { paymentId: payment!.id, orderId, amount: { amount: 9900, currency: 'EUR' }, reason },
        ],
      ]);
    },
  );

  it('when the token is tok_slow, then the payment is authorized through the slow path (its own card)', async () => {
    const orderId = newId();
    await place(orderId, { paymentToken: 'tok_slow' });
    await reserve(orderId);
    expect(await settled(orderId)).toMatchObject([
      { status: 'AUTHORIZED', method_brand: 'mastercard', decline_reason: null },
    ]);
  });

  it('when a slow authorization is in progress, then other orders are authorized without waiting for it', async () => {
    const slow = newId();
    const fast = newId();
    await place(slow, { paymentToken: 'tok_slow' });
    await place(fast);
    await reserve(slow);
    await reserve(fast);
    expect((await settled(fast)).map((p) => p.status)).toEqual(['AUTHORIZED']);
    // Fast is recorded while slow's provider call is still out: it did not wait behind it.
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
    expect((await published(fx.service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentAuthorized']);
  });

  it('when StockReserved is delivered twice (distinct event ids) or OrderPlaced replays, then there is one payment and one event', async () => {
    const orderId = await authorized();
    await reserve(orderId);
    await place(orderId);
    await quiet();
    expect(await paymentsOf(orderId)).toHaveLength(1);
    expect((await published(fx.service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentAuthorized']);
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
      ...Array.from({ length: 5 }, () => authorizeClaimed(fx.service.pool, provider, intent, publish)),
    ]);
    await settled(orderId);
    await quiet('tok_slow'); // a slow order claimed after this one is settled: this one's slow call is over
    expect(await paymentsOf(orderId)).toHaveLength(1);
    expect(workers.filter((change) => change !== null)).toHaveLength(1);
    expect((await published(fx.service.pool, orderId)).map(([type]) => type)).toEqual(['PaymentAuthorized']);
  });

  it('when the order is cancelled while the provider is still deciding, then no payment is recorded and the hold is released', async () => {
    const orderId = newId();
    await place(orderId, { paymentToken: 'tok_slow' });
    await reserve(orderId);
    await eventually(async () => (await claim(orderId)).claimed, 10_000, 'the authorizer claimed the order');
    await cancel(orderId, 'PENDING');
    await eventually(async () => (await claim(orderId)).done, 10_000, 'the authorization finished');
    expect(await paymentsOf(orderId)).toEqual([]);
    expect(await published(fx.service.pool, orderId)).toEqual([]);
    expect(await claim(orderId)).toEqual({ claimed: true, done: true });
    // The settler released the hold with the provider, under the order's key.
    const released = await eventually(
      async () => {
        const { rows } = await fx.service.pool.query<{ operation: string }>(
          'SELECT operation FROM simulated_provider_operations WHERE idempotency_key = $1',
          [`${orderId}:void`],
        );
        return rows.length > 0 ? rows : undefined;
      },
      10_000,
      'the hold released',
    );
    expect(released).toEqual([{ operation: 'void' }]);
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
    expect(await withTransaction(fx.service.pool, (tx) => insertPayment(tx, second))).toBeNull();
    await expect(
      fx.service.pool.query(
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
    expect(await published(fx.service.pool, orderId)).toEqual([]);
  });
});
