import { randomUUID } from 'node:crypto';
import {
  PaymentAuthorized,
  PaymentDeclined,
  ShipmentDelivered,
  ShipmentDispatched,
  ShipmentDispatchRequested,
  StockReservationRejected,
} from '@shopgraph/events';
import { ADMIN, as, customer, errorCodes, eventually, gql } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { sweepPending } from '../src/domain/sweep-pending.ts';
import { orderEffects } from '../src/events/publish.ts';
import { CANCEL, ORDER, useOrdersService, type OrderView } from './support.ts';

describe('orders: the lifecycle, cancelling and the PENDING sweeper (real PostgreSQL and a private Kafka)', () => {
  const fx = useOrdersService();
  const { alice, bob, shirt } = fx;
  const { count, outboxCount, place, input, statusOf, awaitStatus } = fx;

  describe('lifecycle through Kafka', () => {
    it('when payment is authorized, dispatched and delivered, then CONFIRMED, SHIPPED, DELIVERED with an event each', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const paymentId = randomUUID();
      const shipmentId = randomUUID();
      const amount = { amount: 5000, currency: 'EUR' };
      const authorized = await fx.producer.send(PaymentAuthorized, paymentId, {
        paymentId,
        orderId: id,
        amount,
        method: { brand: 'visa', last4: '4242' },
      });
      await awaitStatus(id, 'CONFIRMED');
      // The same event again (inbox) and a late decline (lifecycle table): nothing moves.
      await fx.producer.send(
        PaymentAuthorized,
        paymentId,
        { paymentId, orderId: id, amount, method: { brand: 'visa', last4: '4242' } },
        authorized,
      );
      await fx.producer.send(PaymentDeclined, paymentId, { paymentId, orderId: id, amount, reason: 'late' });
      await fx.producer.send(ShipmentDispatched, shipmentId, {
        shipmentId,
        orderId: id,
        carrier: 'PostNord',
        trackingNumber: 'T1',
      });
      await awaitStatus(id, 'SHIPPED');
      await fx.producer.send(ShipmentDelivered, shipmentId, { shipmentId, orderId: id });
      await awaitStatus(id, 'DELIVERED');
      const order = (await gql<{ order: OrderView }>(fx.url, ORDER, { id }, as(customer(alice)))).data!.order;
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
      await fx.producer.send(StockReservationRejected, id, {
        orderId: id,
        shortLines: [{ productId: shirt, requested: 2, available: 1 }],
      });
      await awaitStatus(id, 'REJECTED');
      const rejected = await fx.service.pool.query<{ envelope: { data: { shortLines: unknown[] } } }>(
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
      await fx.producer.send(PaymentDeclined, paymentId, {
        paymentId,
        orderId: id,
        amount: { amount: 5000, currency: 'EUR' },
        reason: 'card declined',
      });
      await awaitStatus(id, 'PAYMENT_FAILED');
      const order = (await gql<{ order: OrderView }>(fx.url, ORDER, { id }, as(ADMIN))).data!.order;
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
      const res = await gql<{ cancelOrder: { status: string } }>(fx.url, CANCEL, { id }, as(customer(alice)));
      expect(res.data!.cancelOrder.status).toBe('CANCELLED');
      const again = await gql<{ cancelOrder: { status: string } }>(
        fx.url,
        CANCEL,
        { id },
        as(customer(alice)),
      );
      expect(again.data!.cancelOrder.status).toBe('CANCELLED');
      const events = await fx.service.pool.query<{ envelope: { data: { previousStatus: string } } }>(
        `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderCancelled.v1' AND key = $1`,
        [id],
      );
      expect(events.rows.map((r) => r.envelope.data.previousStatus)).toEqual(['PENDING']);
      // A payment that comes after the cancel does not revive it.
      const paymentId = randomUUID();
      await fx.producer.send(PaymentAuthorized, paymentId, {
        paymentId,
        orderId: id,
        amount: { amount: 5000, currency: 'EUR' },
        method: { brand: 'visa', last4: '4242' },
      });
      // A second authorization on the same key (same partition) for another order: once that
      // one is CONFIRMED, the first has been handled too.
      const marker = (await place(alice, input())).data!.placeOrder.id;
      await fx.producer.send(PaymentAuthorized, paymentId, {
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
      await fx.producer.send(PaymentAuthorized, paymentId, {
        paymentId,
        orderId: id,
        amount: { amount: 5000, currency: 'EUR' },
        method: { brand: 'visa', last4: '4242' },
      });
      await awaitStatus(id, 'CONFIRMED');
      const res = await gql<{ cancelOrder: { status: string } }>(fx.url, CANCEL, { id }, as(ADMIN));
      expect(res.data!.cancelOrder.status).toBe('CANCELLED');
      const events = await fx.service.pool.query<{
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
      await fx.producer.send(ShipmentDispatched, shipmentId, {
        shipmentId,
        orderId: id,
        carrier: 'DHL',
        trackingNumber: 'T2',
      });
      await awaitStatus(id, 'SHIPPED');
      expect(errorCodes(await gql(fx.url, CANCEL, { id }, as(customer(alice))))).toEqual(['CONFLICT']);
      const pending = (await place(alice, input())).data!.placeOrder.id;
      const byBob = await gql(fx.url, CANCEL, { id: pending }, as(customer(bob)));
      expect(errorCodes(byBob)).toEqual(['FORBIDDEN']);
      expect(await statusOf(pending)).toBe('PENDING');
      expect(errorCodes(await gql(fx.url, CANCEL, { id: randomUUID() }, as(ADMIN)))).toEqual(['NOT_FOUND']);
    });
  });

  describe('orders decides between a dispatch and a cancel', () => {
    const requestDispatch = (orderId: string, shipmentId: string) =>
      fx.producer.send(ShipmentDispatchRequested, shipmentId, { shipmentId, orderId });
    const accepted = (orderId: string) => outboxCount('shopgraph.orders.OrderDispatchAccepted.v1', orderId);

    it('when fulfillment asks to dispatch a CONFIRMED order, then orders accepts once and every later cancel is CONFLICT, the sweeper’s too', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const shipmentId = randomUUID();
      await requestDispatch(id, shipmentId);
      await requestDispatch(id, shipmentId); // asked twice: accepted once
      await eventually(async () => ((await accepted(id)) === 1 ? true : undefined), 30_000, 'accepted');
      const cancel = await gql(fx.url, CANCEL, { id }, as(customer(alice)));
      expect(errorCodes(cancel)).toEqual(['CONFLICT']);
      expect(cancel.errors![0]!.message).toMatch(/being dispatched/);
      await fx.service.pool.query(`UPDATE orders SET created_at = now() - interval '1 hour' WHERE id = $1`, [
        id,
      ]);
      await sweepPending(fx.service.pool, orderEffects(fx.service), 30 * 60_000);
      expect(await statusOf(id)).toBe('PENDING');
      expect(await outboxCount('shopgraph.orders.OrderCancelled.v1', id)).toBe(0);
      const event = await fx.service.pool.query<{ envelope: { data: unknown } }>(
        `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderDispatchAccepted.v1' AND key = $1`,
        [id],
      );
      expect(event.rows.map((r) => r.envelope.data)).toEqual([{ orderId: id, shipmentId }]);
    });

    it('when the order was cancelled first, then the dispatch request is not accepted (fulfillment cancels on OrderCancelled)', async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      expect((await gql(fx.url, CANCEL, { id }, as(customer(alice)))).errors).toBeUndefined();
      const eventId = await requestDispatch(id, randomUUID());
      await eventually(
        async () =>
          (await count('SELECT count(*) AS n FROM inbox WHERE event_id = $1', [eventId])) === 1
            ? true
            : undefined,
        30_000,
        'the request processed',
      );
      expect(await accepted(id)).toBe(0);
      expect(await statusOf(id)).toBe('CANCELLED');
    });
  });

  describe('PENDING-timeout sweeper', () => {
    it('when PENDING orders are older than the timeout, then two sweepers at once cancel each exactly once', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push((await place(alice, input())).data!.placeOrder.id);
      const fresh = (await place(alice, input())).data!.placeOrder.id;
      await fx.service.pool.query(
        `UPDATE orders SET created_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`,
        [ids],
      );
      const stale = await count(
        `SELECT count(*) AS n FROM orders WHERE status = 'PENDING' AND created_at < now() - interval '30 minutes'
         AND dispatch_accepted_at IS NULL`,
      );
      const [a, b] = await Promise.all([
        sweepPending(fx.service.pool, orderEffects(fx.service), 30 * 60_000, 7),
        sweepPending(fx.service.pool, orderEffects(fx.service), 30 * 60_000, 7),
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
    const text = await (await fetch(fx.url.replace('/graphql', '/metrics'))).text();
    expect(text).toMatch(/shopgraph_orders_transitions_total\{[^}]*from="none"[^}]*to="PENDING"[^}]*\} \d+/);
    expect(text).toMatch(
      /shopgraph_orders_transitions_total\{[^}]*from="PENDING"[^}]*to="CONFIRMED"[^}]*\} \d+/,
    );
    expect(text).toMatch(/shopgraph_checkout_duration_seconds_count\{[^}]*outcome="REJECTED"[^}]*\} 1/);
  });
});
