import type { PoolClient } from '@shopgraph/platform';
import { recordCancelled } from '../data/payment-order-repository.ts';
import { findPaymentByOrderId, transitionPayment } from '../data/payment-repository.ts';
import type { PaymentProvider } from '../provider/provider.ts';
import type { PaymentChange } from './changes.ts';
import { cancellationAction, shouldCapture } from './payment-rules.ts';

/** ShipmentDispatched: capture the authorization (once; anything else is left as it is). */
export async function onShipmentDispatched(
  tx: PoolClient,
  provider: PaymentProvider,
  orderId: string,
): Promise<PaymentChange | null> {
  const payment = await findPaymentByOrderId(tx, orderId, true);
  if (payment === null || !shouldCapture(payment.status)) return null;
  await provider.capture(payment.providerRef!, payment.amount);
  const captured = await transitionPayment(tx, payment.id, 'AUTHORIZED', 'CAPTURED');
  return captured && { type: 'PaymentCaptured', payment: captured };
}

/**
 * OrderCancelled: void an authorization, refund a capture; with no payment yet, remember the
 * cancel so that a later StockReserved does not authorize.
 */
export async function onOrderCancelled(
  tx: PoolClient,
  provider: PaymentProvider,
  orderId: string,
  reason: string,
): Promise<PaymentChange | null> {
  await recordCancelled(tx, orderId, reason);
  const payment = await findPaymentByOrderId(tx, orderId, true);
  const action = cancellationAction(payment?.status ?? null);
  if (payment === null || action === 'none') return null;
  if (action === 'void') {
    await provider.void(payment.providerRef!);
    const voided = await transitionPayment(tx, payment.id, 'AUTHORIZED', 'VOIDED');
    return voided && { type: 'PaymentVoided', payment: voided };
  }
  await provider.refund(payment.providerRef!, payment.amount);
  const refunded = await transitionPayment(tx, payment.id, 'CAPTURED', 'REFUNDED');
  return refunded && { type: 'PaymentRefunded', payment: refunded };
}
