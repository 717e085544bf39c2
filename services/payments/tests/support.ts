// Shared by the payments integration tests: the service under test (its authorizer running),
// the saga's events delivered to its handlers as its consumer would, and what to read back.
import { randomUUID } from 'node:crypto';
import {
  OrderCancelled,
  OrderPlaced,
  ShipmentDispatched,
  StockReserved,
  type DataOf,
} from '@shopgraph/events';
import type { SubgraphService } from '@shopgraph/platform';
import {
  createTestDatabase,
  deliverer,
  eventually,
  newId,
  orderPlacedData,
  testServiceConfig,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll } from 'vitest';
import { configSpec } from '../src/config.ts';
import { handlers } from '../src/events/handlers.ts';
import { createPaymentsService } from '../src/server.ts';

/** How long tok_slow takes here. */
export const SLOW_MS = 300;

export interface PaymentRow {
  id: string;
  status: string;
  decline_reason: string | null;
  method_brand: string | null;
}

/** The payments service for one test file (own database, own consumer group); registers its hooks. */
export function usePaymentsService() {
  let db: TestDatabase;
  let service: SubgraphService;
  let url: string;
  let deliver: ReturnType<typeof deliverer>;

  beforeAll(async () => {
    db = await createTestDatabase('payments');
    const env = {
      PAYMENTS_CONSUMER_GROUP: `test.payments.${randomUUID()}`,
      PAYMENT_SLOW_DELAY_MS: String(SLOW_MS),
    };
    service = createPaymentsService(testServiceConfig('payments', db.url, env, configSpec));
    url = (await service.start()).url;
    deliver = deliverer(service.pool, handlers());
  });
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  const paymentsOf = async (orderId: string) =>
    (await service.pool.query<PaymentRow>('SELECT * FROM payments WHERE order_id = $1', [orderId])).rows;
  const placed = (orderId: string, over: Partial<DataOf<typeof OrderPlaced>> = {}) =>
    orderPlacedData(orderId, over);
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
  /** The running service's authorizer recorded the order's payment: its rows. */
  const settled = (orderId: string) =>
    eventually(
      async () => {
        const rows = await paymentsOf(orderId);
        return rows.length > 0 ? rows : undefined;
      },
      10_000,
      `a payment for ${orderId}`,
    );
  /** Whether the authorizer claimed the order, and finished with it. */
  const claim = async (orderId: string) =>
    (
      await service.pool.query<{ claimed: boolean; done: boolean }>(
        `SELECT authorization_claimed_at IS NOT NULL AS claimed, authorization_done_at IS NOT NULL AS done
         FROM payment_orders WHERE order_id = $1`,
        [orderId],
      )
    ).rows[0] ?? { claimed: false, done: false };
  /**
   * The running service's settler did everything asked for the order so far (no settlement left
   * undone): the operations asked for, in order, and the order's payment statuses.
   */
  const settlementsDone = (orderId: string) =>
    eventually(
      async () => {
        const { rows } = await service.pool.query<{ operation: string; done: boolean }>(
          `SELECT operation, done_at IS NOT NULL AS done FROM settlements WHERE order_id = $1 ORDER BY requested_at`,
          [orderId],
        );
        if (rows.some((r) => !r.done)) return undefined;
        return {
          operations: rows.map((r) => r.operation),
          statuses: (await paymentsOf(orderId)).map((p) => p.status),
        };
      },
      10_000,
      `the settlements of ${orderId}`,
    );
  /** What the simulated provider did for the order's payment, in order: [operation, idempotency key]. */
  const providerOperations = async (orderId: string) =>
    (
      await service.pool.query<{ operation: string; idempotency_key: string }>(
        `SELECT o.operation, o.idempotency_key FROM simulated_provider_operations o
         JOIN payments p ON p.provider_ref = o.reference WHERE p.order_id = $1 ORDER BY o.created_at`,
        [orderId],
      )
    ).rows.map((r) => [r.operation, r.idempotency_key]);
  /** An order with an AUTHORIZED (or, by token, DECLINED) payment. */
  const authorized = async (over: Partial<DataOf<typeof OrderPlaced>> = {}) => {
    const orderId = newId();
    await place(orderId, over);
    await reserve(orderId);
    await settled(orderId);
    return orderId;
  };
  /**
   * Proof that the authorizer has had its chance at everything ready so far: it claims in the
   * order stock was reserved, so once a marker order reserved now is settled, any earlier ready
   * order was claimed before it (with `token` tok_slow, a slow call claimed earlier is over too).
   */
  const quiet = async (token = 'tok_visa') => {
    await authorized({ paymentToken: token });
  };

  return {
    paymentsOf,
    placed,
    place,
    reserve,
    dispatch,
    cancel,
    settled,
    settlementsDone,
    providerOperations,
    claim,
    authorized,
    quiet,
    get service() {
      return service;
    },
    get url() {
      return url;
    },
  };
}
