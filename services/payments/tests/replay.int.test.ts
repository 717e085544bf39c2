import { randomUUID } from 'node:crypto';
import { OrderPlaced } from '@shopgraph/events';
import { orderPlacedData } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { useKafkaSaga } from './kafka-saga.ts';

describe('payments: a replay of every topic it consumes from offset 0 (real PostgreSQL, Kafka, payments as a process)', () => {
  const saga = useKafkaSaga('payreplay');

  it('when a fresh consumer group replays the whole history, with dispatches and cancels still to apply, a poison event that makes the consumer replay its chunk one by one and its database connections cut mid-way, then every payment is captured, voided or refunded once at the provider, and a second replay asks nothing of it', async () => {
    // Arrange: every order authorized; the REFUNDED ones dispatched and captured; then payments stops.
    const first = await saga.startPayments(`payments.${randomUUID()}`);
    const orders = await saga.checkout(8, { hold: true });
    await first.stop();
    // The rest of the saga arrives while no consumer runs: dispatches, cancels, and (among the
    // cancels, on their partitions) OrderPlaced events whose total no payments column can hold, so
    // the handler throws and the consumer rolls its whole chunk back and replays it one by one.
    await orders.release();
    for (const orderId of [...orders.endings.keys()].slice(8, 12))
      await saga.send(OrderPlaced, orderId, orderPlacedData(orderId, { quantity: 1, unitAmount: 2 ** 31 }));

    // Act: a fresh consumer group reads every topic from offset 0 (nothing else is cleared); the
    // provider answers 1 s after acting, and while answers are on the way every database
    // connection of payments is cut (transactions in progress roll back and are retried).
    const replay = `payments.replay.${randomUUID()}`;
    const latency = { PAYMENT_PROVIDER_LATENCY_MS: '1000', PAYMENT_CLAIM_TIMEOUT_MS: '2000' };
    const second = await saga.startPayments(replay, latency);
    await saga.unanswered(2);
    expect(await saga.cutConnections()).toBeGreaterThan(0);
    await saga.caughtUp(replay);
    await saga.untilSettled(orders.endings);

    // Assert: each ending reached once at the provider and once in the outbox.
    expect(await saga.violations()).toEqual([]);
    const books = await saga.books();
    expect(books.operations).toBe(orders.endings.size + 8); // 8 REFUNDED ones were captured and refunded
    await second.stop();

    // And a replay of a history that is all applied changes nothing: no provider call, no event.
    const again = `payments.again.${randomUUID()}`;
    await saga.startPayments(again);
    await saga.caughtUp(again);
    await saga.untilSettled(orders.endings);
    expect(await saga.violations()).toEqual([]);
    expect(await saga.books()).toEqual(books);
  }, 240_000);
});
