import type { Queryable } from '@shopgraph/platform';
import type { Reservation, ReservationStatus, StockLevel } from '../domain/model.ts';

const LEVEL =
  'product_id AS "productId", on_hand AS "onHand", reserved, available, updated_at AS "updatedAt"';

/** True when the order was ever handled (reserved, released or committed): replays do nothing. */
export async function orderHasReservations(db: Queryable, orderId: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM stock_reservations WHERE order_id = $1 LIMIT 1', [orderId]);
  return rows.length > 0;
}

/**
 * Locks the levels of these products in product-id order (so two orders never deadlock),
 * creating missing ones at 0 first; returns them by product id.
 */
export async function lockLevels(
  db: Queryable,
  productIds: readonly string[],
): Promise<Map<string, StockLevel>> {
  const sorted = [...productIds].sort();
  await db.query(
    'INSERT INTO stock_levels (product_id, on_hand) SELECT unnest($1::uuid[]), 0 ON CONFLICT DO NOTHING',
    [sorted],
  );
  const { rows } = await db.query<StockLevel>(
    `SELECT ${LEVEL} FROM stock_levels WHERE product_id = ANY($1::uuid[]) ORDER BY product_id FOR UPDATE`,
    [sorted],
  );
  return new Map(rows.map((r) => [r.productId, r]));
}

/** Moves on_hand and reserved by the given deltas and returns the new level. */
export async function shiftLevel(
  db: Queryable,
  productId: string,
  onHandDelta: number,
  reservedDelta: number,
): Promise<StockLevel> {
  const { rows } = await db.query<StockLevel>(
    `UPDATE stock_levels SET on_hand = on_hand + $2, reserved = reserved + $3, updated_at = now()
     WHERE product_id = $1 RETURNING ${LEVEL}`,
    [productId, onHandDelta, reservedDelta],
  );
  return rows[0]!;
}

export async function insertReservation(
  db: Queryable,
  orderId: string,
  productId: string,
  quantity: number,
): Promise<void> {
  await db.query('INSERT INTO stock_reservations (order_id, product_id, quantity) VALUES ($1, $2, $3)', [
    orderId,
    productId,
    quantity,
  ]);
}

/** The order's OPEN reservations, locked, in product-id order. */
export async function lockOpenReservations(db: Queryable, orderId: string): Promise<Reservation[]> {
  const { rows } = await db.query<Reservation>(
    `SELECT order_id AS "orderId", product_id AS "productId", quantity, status FROM stock_reservations
     WHERE order_id = $1 AND status = 'OPEN' ORDER BY product_id FOR UPDATE`,
    [orderId],
  );
  return rows;
}

export async function closeReservations(
  db: Queryable,
  orderId: string,
  status: Exclude<ReservationStatus, 'OPEN'>,
): Promise<void> {
  await db.query(
    `UPDATE stock_reservations SET status = $2, updated_at = now() WHERE order_id = $1 AND status = 'OPEN'`,
    [orderId, status],
  );
}
