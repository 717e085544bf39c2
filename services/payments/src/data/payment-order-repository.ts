import { currentTraceparent, type Queryable } from '@shopgraph/platform';
import type { PaymentOrder, PlacedOrder } from '../domain/model.ts';

const COLUMNS = `order_id AS "orderId", customer_id AS "customerId", amount, currency,
  payment_token AS "paymentToken", placed_at AS "placedAt", stock_reserved_at AS "stockReservedAt",
  cancelled_at AS "cancelledAt", authorization_done_at AS "authorizationDoneAt"`;

// Each upsert creates the row or updates it, and either way holds its lock until commit: the
// handlers of one order take turns, whichever topic their events came from. First facts win.

export async function recordPlaced(tx: Queryable, order: PlacedOrder): Promise<PaymentOrder> {
  const { rows } = await tx.query<PaymentOrder>(
    `INSERT INTO payment_orders AS o (order_id, customer_id, amount, currency, payment_token, placed_at)
     VALUES ($1, $2, $3, $4, $5, now())
     ON CONFLICT (order_id) DO UPDATE SET
       customer_id = coalesce(o.customer_id, EXCLUDED.customer_id),
       amount = coalesce(o.amount, EXCLUDED.amount),
       currency = coalesce(o.currency, EXCLUDED.currency),
       payment_token = coalesce(o.payment_token, EXCLUDED.payment_token),
       placed_at = coalesce(o.placed_at, EXCLUDED.placed_at)
     RETURNING ${COLUMNS}`,
    [order.orderId, order.customerId, order.amount, order.currency, order.paymentToken],
  );
  return rows[0]!;
}

export async function recordStockReserved(tx: Queryable, orderId: string): Promise<PaymentOrder> {
  const { rows } = await tx.query<PaymentOrder>(
    `INSERT INTO payment_orders AS o (order_id, stock_reserved_at) VALUES ($1, now())
     ON CONFLICT (order_id) DO UPDATE SET stock_reserved_at = coalesce(o.stock_reserved_at, now())
     RETURNING ${COLUMNS}`,
    [orderId],
  );
  return rows[0]!;
}

export async function recordCancelled(tx: Queryable, orderId: string, reason: string): Promise<PaymentOrder> {
  const { rows } = await tx.query<PaymentOrder>(
    `INSERT INTO payment_orders AS o (order_id, cancelled_at, cancel_reason) VALUES ($1, now(), $2)
     ON CONFLICT (order_id) DO UPDATE SET
       cancelled_at = coalesce(o.cancelled_at, now()),
       cancel_reason = coalesce(o.cancel_reason, EXCLUDED.cancel_reason)
     RETURNING ${COLUMNS}`,
    [orderId, reason],
  );
  return rows[0]!;
}

export async function findPaymentOrdersByIds(db: Queryable, ids: readonly string[]): Promise<PaymentOrder[]> {
  const { rows } = await db.query<PaymentOrder>(
    `SELECT ${COLUMNS} FROM payment_orders WHERE order_id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}

/** Wakes the authorizer (delivered when the caller's transaction commits), in the caller's trace. */
export async function notifyAuthorizer(tx: Queryable, orderId: string): Promise<void> {
  await tx.query(`SELECT pg_notify('${AUTHORIZE_CHANNEL}', $1)`, [orderId]);
  const traceparent = currentTraceparent();
  if (traceparent !== undefined)
    await tx.query('UPDATE payment_orders SET authorization_traceparent = $2 WHERE order_id = $1', [
      orderId,
      traceparent,
    ]);
}
export const AUTHORIZE_CHANNEL = 'payments_authorize';

/** An order claimed for authorization, with the trace context it became ready in. */
export interface ClaimedOrder extends PlacedOrder {
  readonly traceparent: string | null;
}

/**
 * Claims up to `limit` orders that are ready to authorize and not claimed by a live worker
 * (a claim older than `staleMs` is taken over); commits at once, so replicas never share one.
 */
export async function claimReadyOrders(
  db: Queryable,
  limit: number,
  staleMs: number,
): Promise<ClaimedOrder[]> {
  const { rows } = await db.query<ClaimedOrder>(
    `UPDATE payment_orders o SET authorization_claimed_at = now()
     WHERE o.order_id IN (
       SELECT order_id FROM payment_orders
       WHERE placed_at IS NOT NULL AND stock_reserved_at IS NOT NULL AND cancelled_at IS NULL
         AND authorization_done_at IS NULL
         AND (authorization_claimed_at IS NULL OR authorization_claimed_at < now() - $2 * interval '1 millisecond')
       ORDER BY stock_reserved_at LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING order_id AS "orderId", customer_id AS "customerId", amount, currency, payment_token AS "paymentToken",
       authorization_traceparent AS "traceparent"`,
    [limit, staleMs],
  );
  return rows;
}

/** The order row, locked until commit. */
export async function lockPaymentOrder(tx: Queryable, orderId: string): Promise<PaymentOrder | null> {
  const { rows } = await tx.query<PaymentOrder>(
    `SELECT ${COLUMNS} FROM payment_orders WHERE order_id = $1 FOR UPDATE`,
    [orderId],
  );
  return rows[0] ?? null;
}

export async function markAuthorizationDone(tx: Queryable, orderId: string): Promise<void> {
  await tx.query('UPDATE payment_orders SET authorization_done_at = now() WHERE order_id = $1', [orderId]);
}
