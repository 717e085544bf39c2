import type { Queryable } from '@shopgraph/platform';
import type { NewPayment, Payment } from '../domain/model.ts';
import type { PaymentStatus } from '../domain/payment-rules.ts';

const COLUMNS = `id, order_id AS "orderId", customer_id AS "customerId",
  json_build_object('amount', amount, 'currency', currency) AS amount, status,
  CASE WHEN method_brand IS NULL THEN NULL
    ELSE json_build_object('brand', method_brand, 'last4', method_last4) END AS method,
  decline_reason AS "declineReason", provider_ref AS "providerRef",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Inserts the order's one payment; null when it already has one (unique order_id). */
export async function insertPayment(tx: Queryable, p: NewPayment): Promise<Payment | null> {
  const { rows } = await tx.query<Payment>(
    `INSERT INTO payments (id, order_id, customer_id, amount, currency, status, method_brand, method_last4,
       decline_reason, provider_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (order_id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      p.id,
      p.orderId,
      p.customerId,
      p.amount.amount,
      p.amount.currency,
      p.status,
      p.method?.brand ?? null,
      p.method?.last4 ?? null,
      p.declineReason,
      p.providerRef,
    ],
  );
  return rows[0] ?? null;
}

/** The order's payment, locked until commit when `forUpdate`. */
export async function findPaymentByOrderId(
  tx: Queryable,
  orderId: string,
  forUpdate = false,
): Promise<Payment | null> {
  const { rows } = await tx.query<Payment>(
    `SELECT ${COLUMNS} FROM payments WHERE order_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [orderId],
  );
  return rows[0] ?? null;
}

/** Moves a payment from `from` to `to`; null (nothing written) when it is no longer in `from`. */
export async function transitionPayment(
  tx: Queryable,
  id: string,
  from: PaymentStatus,
  to: PaymentStatus,
): Promise<Payment | null> {
  const { rows } = await tx.query<Payment>(
    `UPDATE payments SET status = $3, updated_at = now(),
       captured_at = CASE WHEN $3 = 'CAPTURED' THEN now() ELSE captured_at END
     WHERE id = $1 AND status = $2 RETURNING ${COLUMNS}`,
    [id, from, to],
  );
  return rows[0] ?? null;
}

export async function findPaymentsByIds(db: Queryable, ids: readonly string[]): Promise<Payment[]> {
  const { rows } = await db.query<Payment>(`SELECT ${COLUMNS} FROM payments WHERE id = ANY($1::uuid[])`, [
    ids,
  ]);
  return rows;
}

export async function findPaymentsByOrderIds(db: Queryable, orderIds: readonly string[]): Promise<Payment[]> {
  const { rows } = await db.query<Payment>(
    `SELECT ${COLUMNS} FROM payments WHERE order_id = ANY($1::uuid[])`,
    [orderIds],
  );
  return rows;
}
