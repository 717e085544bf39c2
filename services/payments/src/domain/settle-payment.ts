import { withTransaction, type Pool, type PoolClient } from '@shopgraph/platform';
import { recordCancelled } from '../data/payment-order-repository.ts';
import { findPaymentByOrderId, transitionPayment } from '../data/payment-repository.ts';
import {
  markSettlementDone,
  requestedSettlements,
  requestSettlement,
  type ClaimedSettlement,
} from '../data/settlement-repository.ts';
import type { PaymentProvider } from '../provider/provider.ts';
import type { PaymentChange, PublishPaymentChange } from './changes.ts';
import type { Payment } from './model.ts';
import {
  cancellationAction,
  SETTLEMENT_TRANSITION,
  shouldCapture,
  type Settlement,
} from './payment-rules.ts';

// The handlers below run in the consumer's transaction, which may hold hundreds of events and be
// rolled back and replayed: they only record what the provider is to do (a settlement with its
// idempotency key). The settler (workers/settler.ts) calls the provider outside any transaction.

/** The provider's idempotency key of one operation on a payment. */
export const settlementKey = (paymentId: string, operation: Settlement) => `${paymentId}:${operation}`;

const request = (tx: PoolClient, payment: Payment, operation: Settlement) =>
  requestSettlement(tx, {
    idempotencyKey: settlementKey(payment.id, operation),
    orderId: payment.orderId,
    paymentId: payment.id,
    operation,
    providerRef: payment.providerRef!,
    amount: payment.amount,
  });

/** ShipmentDispatched: ask for the capture of the authorization (once; anything else is left as it is). */
export async function onShipmentDispatched(tx: PoolClient, orderId: string): Promise<void> {
  const payment = await findPaymentByOrderId(tx, orderId, true);
  if (payment === null) return;
  if (shouldCapture(payment.status, await requestedSettlements(tx, payment.id)))
    await request(tx, payment, 'capture');
}

/**
 * OrderCancelled: ask for the void of an authorization or the refund of a capture (also one still
 * on its way); with no payment yet, remember the cancel so that a later StockReserved does not
 * authorize.
 */
export async function onOrderCancelled(tx: PoolClient, orderId: string, reason: string): Promise<void> {
  await recordCancelled(tx, orderId, reason);
  const payment = await findPaymentByOrderId(tx, orderId, true);
  if (payment === null) return;
  const action = cancellationAction(payment.status, await requestedSettlements(tx, payment.id));
  if (action !== 'none') await request(tx, payment, action);
}

/**
 * Does a claimed settlement: the provider call first, outside any transaction (a retry after a
 * crash sends the same idempotency key, so the provider does it once), then, in one transaction,
 * the payment's new status and its event. Returns the change published, or null when there is
 * nothing to record (another settler recorded it, or a hold with no payment was released).
 */
export async function settleClaimed(
  pool: Pool,
  provider: PaymentProvider,
  s: ClaimedSettlement,
  publish: PublishPaymentChange,
): Promise<PaymentChange | null> {
  const call = { idempotencyKey: s.idempotencyKey, reference: s.providerRef, amount: s.amount };
  if (s.operation === 'capture') await provider.capture(call);
  else if (s.operation === 'void') await provider.void(call);
  else await provider.refund(call);
  return withTransaction(pool, async (tx) => {
    if (!(await markSettlementDone(tx, s.idempotencyKey)) || s.paymentId === null) return null;
    const { from, to } = SETTLEMENT_TRANSITION[s.operation];
    const payment = await transitionPayment(tx, s.paymentId, from, to);
    if (payment === null) return null;
    const change: PaymentChange = { type: CHANGE[s.operation], payment };
    await publish(tx, change);
    return change;
  });
}

const CHANGE: Readonly<Record<Settlement, PaymentChange['type']>> = {
  capture: 'PaymentCaptured',
  void: 'PaymentVoided',
  refund: 'PaymentRefunded',
};
