import { currentTraceparent, type Queryable } from '@shopgraph/platform';
import type { Money } from '../domain/model.ts';
import type { Settlement } from '../domain/payment-rules.ts';

/** The NOTIFY channel that wakes the settler (workers/settler.ts). */
export const SETTLE_CHANNEL = 'payments_settle';

/** A provider operation asked for, sent with its idempotency key. */
export interface SettlementRequest {
  readonly idempotencyKey: string;
  readonly orderId: string;
  /** Null: releasing a hold whose order was cancelled before a payment was recorded. */
  readonly paymentId: string | null;
  readonly operation: Settlement;
  readonly providerRef: string;
  readonly amount: Money;
}

/** A settlement claimed by a settler, with the trace context it was asked for in. */
export interface ClaimedSettlement extends SettlementRequest {
  readonly traceparent: string | null;
}

const COLUMNS = `idempotency_key AS "idempotencyKey", order_id AS "orderId", payment_id AS "paymentId",
  operation, provider_ref AS "providerRef", json_build_object('amount', amount, 'currency', currency) AS amount,
  traceparent`;

/**
 * Records the intent in the caller's transaction (nothing if its key is known) and wakes the
 * settler when that transaction commits; the provider is called by the settler, not here.
 */
export async function requestSettlement(tx: Queryable, s: SettlementRequest): Promise<void> {
  await tx.query(
    `INSERT INTO settlements (idempotency_key, order_id, payment_id, operation, provider_ref, amount, currency, traceparent)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [
      s.idempotencyKey,
      s.orderId,
      s.paymentId,
      s.operation,
      s.providerRef,
      s.amount.amount,
      s.amount.currency,
      currentTraceparent() ?? null,
    ],
  );
  await tx.query(`SELECT pg_notify('${SETTLE_CHANNEL}', $1)`, [s.idempotencyKey]);
}

/** The settlements asked for so far for a payment (done or not). */
export async function requestedSettlements(tx: Queryable, paymentId: string): Promise<Settlement[]> {
  const { rows } = await tx.query<{ operation: Settlement }>(
    'SELECT operation FROM settlements WHERE payment_id = $1',
    [paymentId],
  );
  return rows.map((r) => r.operation);
}

/**
 * Claims up to `limit` settlements that are due and not leased by a live settler, leasing them for
 * `leaseMs` (a lease that has run out is taken over: its settler is presumed dead); commits at
 * once. A refund is due only once its payment's capture is recorded.
 */
export async function claimDueSettlements(
  db: Queryable,
  limit: number,
  leaseMs: number,
): Promise<ClaimedSettlement[]> {
  const { rows } = await db.query<ClaimedSettlement>(
    `UPDATE settlements s SET lease_until = now() + $2 * interval '1 millisecond', attempts = s.attempts + 1
     WHERE s.idempotency_key IN (
       SELECT d.idempotency_key FROM settlements d LEFT JOIN payments p ON p.id = d.payment_id
       WHERE d.done_at IS NULL AND (d.lease_until IS NULL OR d.lease_until < now())
         AND (d.operation <> 'refund' OR p.status = 'CAPTURED')
       ORDER BY d.requested_at LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
     RETURNING ${COLUMNS}`,
    [limit, leaseMs],
  );
  return rows;
}

/** Marks a settlement done, under its row lock; false when it already was (another settler's). */
export async function markSettlementDone(tx: Queryable, idempotencyKey: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    'UPDATE settlements SET done_at = now(), lease_until = NULL WHERE idempotency_key = $1 AND done_at IS NULL',
    [idempotencyKey],
  );
  return rowCount === 1;
}
