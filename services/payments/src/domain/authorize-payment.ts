import { randomUUID } from 'node:crypto';
import type { PoolClient } from '@shopgraph/platform';
import {
  recordPlaced,
  recordStockReserved,
  type PaymentOrder,
  type PlacedOrder,
} from '../data/payment-order-repository.ts';
import { findPaymentByOrderId, insertPayment } from '../data/payment-repository.ts';
import type { PaymentProvider } from '../provider/provider.ts';
import type { PaymentChange } from './payment-change.ts';
import { authorizationDecision } from './payment-rules.ts';

/** OrderPlaced: remember the intent (no payment yet), and pay if its stock was reserved first. */
export async function onOrderPlaced(
  tx: PoolClient,
  provider: PaymentProvider,
  order: PlacedOrder,
): Promise<PaymentChange | null> {
  return authorizeWhenReady(tx, provider, await recordPlaced(tx, order));
}

/** StockReserved: the go signal; pays once the intent is known. */
export async function onStockReserved(
  tx: PoolClient,
  provider: PaymentProvider,
  orderId: string,
): Promise<PaymentChange | null> {
  return authorizeWhenReady(tx, provider, await recordStockReserved(tx, orderId));
}

const intentOf = (o: PaymentOrder): PlacedOrder | null =>
  o.customerId !== null && o.amount !== null && o.currency !== null && o.paymentToken !== null
    ? {
        orderId: o.orderId,
        customerId: o.customerId,
        amount: o.amount,
        currency: o.currency,
        paymentToken: o.paymentToken,
      }
    : null;

/**
 * Asks the provider once the order is placed and reserved, unless it was cancelled or already
 * has a payment. The caller holds the order row's lock (the upserts above), so handlers of one
 * order take turns; the unique order_id is the backstop (a lost insert publishes nothing).
 */
async function authorizeWhenReady(
  tx: PoolClient,
  provider: PaymentProvider,
  order: PaymentOrder,
): Promise<PaymentChange | null> {
  const existing = await findPaymentByOrderId(tx, order.orderId);
  const intent = intentOf(order);
  const decision = authorizationDecision(
    {
      placed: intent !== null,
      stockReserved: order.stockReservedAt !== null,
      cancelled: order.cancelledAt !== null,
    },
    existing?.status ?? null,
  );
  if (decision !== 'authorize' || intent === null) return null;
  const amount = { amount: intent.amount, currency: intent.currency };
  const result = await provider.authorize({ orderId: intent.orderId, amount, token: intent.paymentToken });
  const payment = await insertPayment(tx, {
    id: randomUUID(),
    orderId: intent.orderId,
    customerId: intent.customerId,
    amount,
    status: result.outcome,
    method: result.method,
    declineReason: result.outcome === 'DECLINED' ? result.reason : null,
    providerRef: result.outcome === 'AUTHORIZED' ? result.reference : null,
  });
  if (payment === null) return null;
  return { type: payment.status === 'AUTHORIZED' ? 'PaymentAuthorized' : 'PaymentDeclined', payment };
}
