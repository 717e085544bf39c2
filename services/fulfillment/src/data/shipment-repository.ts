import type { Queryable } from '@shopgraph/platform';
import type { AddressSnapshot, Shipment } from '../domain/model.ts';

const COLUMNS = `id, order_id AS "orderId", customer_id AS "customerId", status, carrier,
  tracking_number AS "trackingNumber", address, created_at AS "createdAt",
  dispatched_at AS "dispatchedAt", delivered_at AS "deliveredAt", cancelled_at AS "cancelledAt",
  dispatch_requested_at AS "dispatchRequestedAt"`;

/** Inserts the order's one shipment (PENDING); null when it already has one (unique order_id). */
export async function insertShipment(
  tx: Queryable,
  s: { id: string; orderId: string; customerId: string; address: AddressSnapshot | null },
): Promise<Shipment | null> {
  const { rows } = await tx.query<Shipment>(
    `INSERT INTO shipments (id, order_id, customer_id, status, address) VALUES ($1, $2, $3, 'PENDING', $4)
     ON CONFLICT (order_id) DO NOTHING RETURNING ${COLUMNS}`,
    [s.id, s.orderId, s.customerId, s.address === null ? null : JSON.stringify(s.address)],
  );
  return rows[0] ?? null;
}

export async function shipmentExistsForOrder(tx: Queryable, orderId: string): Promise<boolean> {
  const { rowCount } = await tx.query('SELECT 1 FROM shipments WHERE order_id = $1', [orderId]);
  return (rowCount ?? 0) > 0;
}

/** The shipment, locked until commit (a mutation's read-check-write). */
export async function findShipmentForUpdate(tx: Queryable, id: string): Promise<Shipment | null> {
  const { rows } = await tx.query<Shipment>(`SELECT ${COLUMNS} FROM shipments WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] ?? null;
}

/** Records the admin's dispatch request on a PENDING shipment; null when it is not PENDING or already requested. */
export async function recordDispatchRequest(
  tx: Queryable,
  id: string,
  carrier: string,
  trackingNumber: string,
): Promise<Shipment | null> {
  const { rows } = await tx.query<Shipment>(
    `UPDATE shipments SET dispatch_requested_at = now(), requested_carrier = $2, requested_tracking_number = $3,
       updated_at = now()
     WHERE id = $1 AND status = 'PENDING' AND dispatch_requested_at IS NULL RETURNING ${COLUMNS}`,
    [id, carrier, trackingNumber],
  );
  return rows[0] ?? null;
}

/** The order's requested shipment becomes DISPATCHED with the requested carrier and number. */
export async function markDispatched(tx: Queryable, orderId: string): Promise<Shipment | null> {
  const { rows } = await tx.query<Shipment>(
    `UPDATE shipments SET status = 'DISPATCHED', carrier = requested_carrier,
       tracking_number = requested_tracking_number, dispatched_at = now(), updated_at = now()
     WHERE order_id = $1 AND status = 'PENDING' AND dispatch_requested_at IS NOT NULL RETURNING ${COLUMNS}`,
    [orderId],
  );
  return rows[0] ?? null;
}

export async function markDelivered(tx: Queryable, id: string): Promise<Shipment | null> {
  const { rows } = await tx.query<Shipment>(
    `UPDATE shipments SET status = 'DELIVERED', delivered_at = now(), updated_at = now()
     WHERE id = $1 AND status = 'DISPATCHED' RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

/**
 * A cancelled order's PENDING shipment (requested for dispatch or not) becomes CANCELLED;
 * anything further along stays (orders refuses a cancel once it accepted a dispatch).
 */
export async function cancelPendingShipment(tx: Queryable, orderId: string): Promise<Shipment | null> {
  const { rows } = await tx.query<Shipment>(
    `UPDATE shipments SET status = 'CANCELLED', cancelled_at = now(), updated_at = now()
     WHERE order_id = $1 AND status = 'PENDING' RETURNING ${COLUMNS}`,
    [orderId],
  );
  return rows[0] ?? null;
}

export async function findShipmentsByIds(db: Queryable, ids: readonly string[]): Promise<Shipment[]> {
  const { rows } = await db.query<Shipment>(`SELECT ${COLUMNS} FROM shipments WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  return rows;
}

export async function findShipmentsByOrderIds(
  db: Queryable,
  orderIds: readonly string[],
): Promise<Shipment[]> {
  const { rows } = await db.query<Shipment>(
    `SELECT ${COLUMNS} FROM shipments WHERE order_id = ANY($1::uuid[]) ORDER BY seq`,
    [orderIds],
  );
  return rows;
}

export async function findShipment(db: Queryable, id: string): Promise<Shipment | null> {
  const { rows } = await db.query<Shipment>(`SELECT ${COLUMNS} FROM shipments WHERE id = $1`, [id]);
  return rows[0] ?? null;
}
