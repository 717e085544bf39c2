import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useKafkaSaga } from './kafka-saga.ts';

describe('payments: kill -9 while the provider is settling (real PostgreSQL, Kafka, payments as a process)', () => {
  const saga = useKafkaSaga('paycrash');

  it('when payments is SIGKILLed with captures, voids and refunds done at the provider but not yet answered, then after a restart every payment reaches its ending and each provider operation happened once', async () => {
    // Arrange: the provider answers a capture, void or refund 2 s after doing it; leases of 3 s.
    const group = `payments.${randomUUID()}`;
    const slow = { PAYMENT_PROVIDER_LATENCY_MS: '2000', PAYMENT_CLAIM_TIMEOUT_MS: '3000' };
    const first = await saga.startPayments(group, slow);
    const orders = await saga.checkout(6);

    // Act: kill -9 once the provider has done operations whose answers the process still awaits.
    const unanswered = await saga.unanswered(3);
    await first.kill();
    // The same consumer group and database; the dead process's leases run out and are taken over.
    await saga.startPayments(group, { PAYMENT_CLAIM_TIMEOUT_MS: '1000' });
    await saga.untilSettled(orders.endings);

    // Assert
    expect(unanswered).toBeGreaterThanOrEqual(3);
    expect(await saga.violations()).toEqual([]);
    // 6 captures, 6 voids, 6 captures + 6 refunds: no operation twice, none missing.
    expect((await saga.books()).operations).toBe(orders.endings.size + 6);
  }, 240_000);
});
