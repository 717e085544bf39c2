import type { Queryable } from '@shopgraph/platform';
import type { AddressSnapshot, FulfillmentOrder } from '../domain/model.ts';

const COLUMNS = `order_id AS "orderId", customer_id AS "customerId", address, placed_at AS "placedAt",
  payment_authorized_at AS "paymentAuthorizedAt", cancelled_at AS "cancelledAt"`;

// Each upsert creates the row or updates it, and either way holds its lock until commit: the
// handlers of one order take turns, whichever topic their events came from. First facts win.

export async function recordPlaced(
  tx: Queryable,
  order: { orderId: string; customerId: string; address: AddressSnapshot | null },
): Promise<FulfillmentOrder> {
  const { rows } = await tx.query<FulfillmentOrder>(
    `INSERT INTO fulfillment_orders AS o (order_id, customer_id, address, placed_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (order_id) DO UPDATE SET
       customer_id = coalesce(o.customer_id, EXCLUDED.customer_id),
       address = CASE WHEN o.placed_at IS NULL THEN EXCLUDED.address ELSE o.address END,
       placed_at = coalesce(o.placed_at, EXCLUDED.placed_at)
     RETURNING ${COLUMNS}`,
    [order.orderId, order.customerId, order.address === null ? null : JSON.stringify(order.address)],
  );
  return rows[0]!;
}

export async function recordPaymentAuthorized(
  tx: Queryable,
  orderId: string,
  paymentId: string,
): Promise<FulfillmentOrder> {
  const { rows } = await tx.query<FulfillmentOrder>(
    `INSERT INTO fulfillment_orders AS o (order_id, payment_id, payment_authorized_at) VALUES ($1, $2, now())
     ON CONFLICT (order_id) DO UPDATE SET
       payment_id = coalesce(o.payment_id, EXCLUDED.payment_id),
       payment_authorized_at = coalesce(o.payment_authorized_at, now())
     RETURNING ${COLUMNS}`,
    [orderId, paymentId],
  );
  return rows[0]!;
}

export async function recordCancelled(tx: Queryable, orderId: string): Promise<FulfillmentOrder> {
  const { rows } = await tx.query<FulfillmentOrder>(
    `INSERT INTO fulfillment_orders AS o (order_id, cancelled_at) VALUES ($1, now())
     ON CONFLICT (order_id) DO UPDATE SET cancelled_at = coalesce(o.cancelled_at, now())
     RETURNING ${COLUMNS}`,
    [orderId],
  );
  return rows[0]!;
}

export async function findFulfillmentOrdersByIds(
  db: Queryable,
  ids: readonly string[],
): Promise<FulfillmentOrder[]> {
  const { rows } = await db.query<FulfillmentOrder>(
    `SELECT ${COLUMNS} FROM fulfillment_orders WHERE order_id = ANY($1::uuid[])`,
    [ids],
  );
  return rows;
}
