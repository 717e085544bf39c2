import type { Queryable } from '@shopgraph/platform';
import type { OrderStatus } from '../domain/lifecycle.ts';
import type {
  AddressSnapshot,
  NewOrder,
  Order,
  OrderLine,
  StatusChange,
  TransitionedOrder,
} from '../domain/model.ts';

type OrderDbRow = Omit<Order, 'total' | 'seq'> & { seq: string; totalAmount: number; currency: string };

const COLUMNS = `o.id, o.seq, o.number, o.customer_id AS "customerId", o.idempotency_key AS "idempotencyKey",
  o.status, o.total_amount AS "totalAmount", o.currency, o.payment_token AS "paymentToken",
  o.shipping_address AS "shippingAddress", o.payment_id AS "paymentId", o.shipment_id AS "shipmentId",
  o.created_at AS "createdAt", o.dispatch_accepted_at AS "dispatchAcceptedAt",
  o.awaiting_address_id AS "awaitingAddressId"`;

const toOrder = ({ totalAmount, currency, seq, ...row }: OrderDbRow): Order => ({
  ...row,
  seq: Number(seq),
  total: { amount: totalAmount, currency },
});

/**
 * Inserts the order with its lines and first history row, unless this customer already used
 * the key: then nothing is written and null comes back (the caller reads the winner's order).
 */
export async function insertOrder(tx: Queryable, o: NewOrder): Promise<Order | null> {
  const { rows } = await tx.query<OrderDbRow>(
    `INSERT INTO orders AS o (id, customer_id, idempotency_key, total_amount, currency, payment_token, shipping_address,
       awaiting_address_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT ON CONSTRAINT orders_customer_idempotency_key DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      o.id,
      o.customerId,
      o.idempotencyKey,
      o.total.amount,
      o.total.currency,
      o.paymentToken,
      o.shippingAddress === null ? null : JSON.stringify(o.shippingAddress),
      o.awaitingAddressId,
    ],
  );
  const row = rows[0];
  if (row === undefined) return null;
  await tx.query(
    `INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_amount, line_amount)
     SELECT $1, l.no, l.product_id, l.quantity, l.unit_amount, l.unit_amount * l.quantity
     FROM unnest($2::uuid[], $3::int[], $4::int[]) WITH ORDINALITY AS l(product_id, quantity, unit_amount, no)`,
    [o.id, o.lines.map((l) => l.productId), o.lines.map((l) => l.quantity), o.lines.map((l) => l.unitAmount)],
  );
  await tx.query(`INSERT INTO order_status_history (order_id, status, at) VALUES ($1, 'PENDING', $2)`, [
    o.id,
    row.createdAt,
  ]);
  return toOrder(row);
}

export async function findOrderByKey(db: Queryable, customerId: string, key: string): Promise<Order | null> {
  const { rows } = await db.query<OrderDbRow>(
    `SELECT ${COLUMNS} FROM orders o WHERE o.customer_id = $1 AND o.idempotency_key = $2`,
    [customerId, key],
  );
  return rows[0] ? toOrder(rows[0]) : null;
}

export async function findOrdersByIds(db: Queryable, ids: readonly string[]): Promise<Order[]> {
  const { rows } = await db.query<OrderDbRow>(
    `SELECT ${COLUMNS} FROM orders o WHERE o.id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.map(toOrder);
}

/** The order, row-locked until the transaction ends. */
export async function lockOrder(tx: Queryable, id: string): Promise<Order | null> {
  const { rows } = await tx.query<OrderDbRow>(`SELECT ${COLUMNS} FROM orders o WHERE o.id = $1 FOR UPDATE`, [
    id,
  ]);
  return rows[0] ? toOrder(rows[0]) : null;
}

/** A customer's orders newest first, `limit` of them after the cursor `beforeSeq`. */
export async function listCustomerOrders(
  db: Queryable,
  customerId: string,
  page: { limit: number; after: number | undefined },
): Promise<Order[]> {
  const { rows } = await db.query<OrderDbRow>(
    `SELECT ${COLUMNS} FROM orders o
     WHERE o.customer_id = $1 AND ($2::bigint IS NULL OR o.seq < $2)
     ORDER BY o.seq DESC LIMIT $3`,
    [customerId, page.after ?? null, page.limit],
  );
  return rows.map(toOrder);
}

export async function findLinesByOrderIds(db: Queryable, orderIds: readonly string[]): Promise<OrderLine[]> {
  const { rows } = await db.query<{
    orderId: string;
    lineNo: number;
    productId: string;
    quantity: number;
    unitAmount: number;
    lineAmount: number;
    currency: string;
  }>(
    `SELECT l.order_id AS "orderId", l.line_no AS "lineNo", l.product_id AS "productId", l.quantity,
            l.unit_amount AS "unitAmount", l.line_amount AS "lineAmount", o.currency
     FROM order_lines l JOIN orders o ON o.id = l.order_id
     WHERE l.order_id = ANY($1::uuid[]) ORDER BY l.order_id, l.line_no`,
    [orderIds],
  );
  return rows.map((r) => ({
    orderId: r.orderId,
    lineNo: r.lineNo,
    productId: r.productId,
    quantity: r.quantity,
    unitPrice: { amount: r.unitAmount, currency: r.currency },
    lineTotal: { amount: r.lineAmount, currency: r.currency },
  }));
}

export async function findHistoryByOrderIds(
  db: Queryable,
  orderIds: readonly string[],
): Promise<StatusChange[]> {
  const { rows } = await db.query<StatusChange>(
    `SELECT order_id AS "orderId", status, reason, at FROM order_status_history
     WHERE order_id = ANY($1::uuid[]) ORDER BY seq`,
    [orderIds],
  );
  return rows;
}

/**
 * Moves the order to `to` when its current status is one of `from` (under a row lock) and, for a
 * cancel, no dispatch was accepted (the arbiter's rule, in the same statement), records
 * the history row and the payment or shipment it learned; null when the status did not allow it.
 */
export async function updateStatus(
  tx: Queryable,
  change: {
    readonly orderId: string;
    readonly from: readonly OrderStatus[];
    readonly to: OrderStatus;
    readonly reason: string | null;
    readonly paymentId?: string | undefined;
    readonly shipmentId?: string | undefined;
  },
): Promise<TransitionedOrder | null> {
  const { rows } = await tx.query<OrderDbRow & { previous: OrderStatus }>(
    `WITH current AS (SELECT id, status FROM orders WHERE id = $1 FOR UPDATE)
     UPDATE orders o SET status = $3, updated_at = now(),
       payment_id = COALESCE($4, o.payment_id), shipment_id = COALESCE($5, o.shipment_id)
     FROM current c WHERE o.id = c.id AND c.status = ANY($2::text[])
       AND ($3 <> 'CANCELLED' OR o.dispatch_accepted_at IS NULL)
     RETURNING c.status AS previous, ${COLUMNS}`,
    [change.orderId, change.from, change.to, change.paymentId ?? null, change.shipmentId ?? null],
  );
  const row = rows[0];
  if (row === undefined) return null;
  await tx.query('INSERT INTO order_status_history (order_id, status, reason) VALUES ($1, $2, $3)', [
    change.orderId,
    change.to,
    change.reason,
  ]);
  const { previous, ...order } = row;
  return { from: previous, order: toOrder(order) };
}

/** PENDING orders placed before `olderThan`, locked; rows another sweeper holds are skipped. */
export async function lockStalePending(tx: Queryable, olderThan: Date, limit: number): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM orders WHERE status = 'PENDING' AND created_at < $1 AND dispatch_accepted_at IS NULL
     ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [olderThan, limit],
  );
  return rows.map((r) => r.id);
}

/**
 * The arbiter's half of a dispatch: marks the order's dispatch accepted when it is PENDING or
 * CONFIRMED, announced and not accepted before. The UPDATE takes the row lock a cancel takes, so
 * a cancel either committed first (status CANCELLED: null here) or is refused after this.
 */
export async function acceptDispatch(
  tx: Queryable,
  orderId: string,
  shipmentId: string,
): Promise<Order | null> {
  const { rows } = await tx.query<OrderDbRow>(
    `UPDATE orders o SET dispatch_accepted_at = now(), shipment_id = $2, updated_at = now()
     WHERE o.id = $1 AND o.status IN ('PENDING', 'CONFIRMED') AND o.dispatch_accepted_at IS NULL
       AND o.awaiting_address_id IS NULL
     RETURNING ${COLUMNS}`,
    [orderId, shipmentId],
  );
  return rows[0] ? toOrder(rows[0]) : null;
}

/** PENDING orders waiting for this address to reach the read model, locked. */
export async function lockOrdersAwaitingAddress(tx: Queryable, addressId: string): Promise<Order[]> {
  const { rows } = await tx.query<OrderDbRow>(
    `SELECT ${COLUMNS} FROM orders o WHERE o.awaiting_address_id = $1 AND o.status = 'PENDING' FOR UPDATE`,
    [addressId],
  );
  return rows.map(toOrder);
}

/** The awaited address arrived: snapshot it into the order, which stops waiting. */
export async function setShippingAddress(
  tx: Queryable,
  orderId: string,
  address: AddressSnapshot,
): Promise<Order> {
  const { rows } = await tx.query<OrderDbRow>(
    `UPDATE orders o SET shipping_address = $2, awaiting_address_id = NULL, updated_at = now()
     WHERE o.id = $1 RETURNING ${COLUMNS}`,
    [orderId, JSON.stringify(address)],
  );
  return toOrder(rows[0]!);
}

/** PENDING orders still waiting for their address after `olderThan`, locked (SKIP LOCKED). */
export async function lockStaleAwaitingAddress(
  tx: Queryable,
  olderThan: Date,
  limit: number,
): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `SELECT id FROM orders WHERE status = 'PENDING' AND awaiting_address_id IS NOT NULL AND created_at < $1
     ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [olderThan, limit],
  );
  return rows.map((r) => r.id);
}

/** Serializes placeOrder and AddressAdded on one address id, so a waiting order is never missed. */
export async function lockAddressId(tx: Queryable, addressId: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('orders.address:' || $1, 0))`, [addressId]);
}
