import type { PageRequest, Queryable, SeqKey } from '@shopgraph/platform';
import type { StockLevel, StockMovement } from '../domain/model.ts';

const LEVEL =
  'product_id AS "productId", on_hand AS "onHand", reserved, available, updated_at AS "updatedAt"';
const MOVEMENT = `id, seq, product_id AS "productId", kind, delta, reserved_delta AS "reservedDelta",
  on_hand_after AS "onHandAfter", reason, actor, order_id AS "orderId", created_at AS "createdAt"`;

export async function findStockLevels(db: Queryable, productIds: readonly string[]): Promise<StockLevel[]> {
  const { rows } = await db.query<StockLevel>(
    `SELECT ${LEVEL} FROM stock_levels WHERE product_id = ANY($1::uuid[])`,
    [productIds],
  );
  return rows;
}

/** The level, locked until the transaction ends; created at 0 on first use (and rolled back with it). */
export async function lockStockLevel(db: Queryable, productId: string): Promise<StockLevel> {
  await db.query('INSERT INTO stock_levels (product_id, on_hand) VALUES ($1, 0) ON CONFLICT DO NOTHING', [
    productId,
  ]);
  const { rows } = await db.query<StockLevel>(
    `SELECT ${LEVEL} FROM stock_levels WHERE product_id = $1 FOR UPDATE`,
    [productId],
  );
  return rows[0]!;
}

export async function updateOnHand(db: Queryable, productId: string, onHand: number): Promise<StockLevel> {
  const { rows } = await db.query<StockLevel>(
    `UPDATE stock_levels SET on_hand = $2, updated_at = now() WHERE product_id = $1 RETURNING ${LEVEL}`,
    [productId, onHand],
  );
  return rows[0]!;
}

export async function insertMovement(
  db: Queryable,
  m: Omit<StockMovement, 'seq' | 'createdAt'>,
): Promise<void> {
  await db.query(
    `INSERT INTO stock_movements (id, product_id, kind, delta, reserved_delta, on_hand_after, reason, actor, order_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [m.id, m.productId, m.kind, m.delta, m.reservedDelta, m.onHandAfter, m.reason, m.actor, m.orderId],
  );
}

/** One page of a product's movements, oldest first. */
export async function listMovements(
  db: Queryable,
  productId: string,
  page: PageRequest<SeqKey>,
): Promise<StockMovement[]> {
  const { rows } = await db.query<StockMovement>(
    `SELECT ${MOVEMENT} FROM stock_movements WHERE product_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    [productId, page.after ?? 0, page.limit],
  );
  return rows;
}
