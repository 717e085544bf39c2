import { randomUUID } from 'node:crypto';
import { withTransaction, type Pool, type PoolClient } from '@shopgraph/platform';
import {
  lockPaymentOrder,
  markAuthorizationDone,
  notifyAuthorizer,
  recordPlaced,
  recordStockReserved,
} from '../data/payment-order-repository.ts';
import { findPaymentByOrderId, insertPayment } from '../data/payment-repository.ts';
import { requestSettlement } from '../data/settlement-repository.ts';
import type { AuthorizeResult, PaymentProvider } from '../provider/provider.ts';
import type { PaymentChange, PublishPaymentChange } from './changes.ts';
import type { PaymentOrder, PlacedOrder } from './model.ts';
import { authorizationDecision } from './payment-rules.ts';

/** OrderPlaced: remember the intent (no payment yet); ready if its stock was reserved first. */
export async function onOrderPlaced(tx: PoolClient, order: PlacedOrder): Promise<void> {
  await wakeWhenReady(tx, await recordPlaced(tx, order));
}

/** StockReserved: the go signal; ready once the intent is known. */
export async function onStockReserved(tx: PoolClient, orderId: string): Promise<void> {
  await wakeWhenReady(tx, await recordStockReserved(tx, orderId));
}

/**
 * The provider is not called here, inside the consumer's transaction: a slow provider would hold
 * the partition and a connection. The authorizer (authorizer.ts) picks the order up on commit.
 */
async function wakeWhenReady(tx: PoolClient, order: PaymentOrder): Promise<void> {
  const existing = await findPaymentByOrderId(tx, order.orderId);
  const decision = authorizationDecision(
    {
      placed: order.placedAt !== null,
      stockReserved: order.stockReservedAt !== null,
      cancelled: order.cancelledAt !== null,
    },
    existing?.status ?? null,
  );
  if (decision === 'authorize') await notifyAuthorizer(tx, order.orderId);
}

/**
 * Asks the provider for a claimed order (outside any transaction; the order id is the
 * idempotency key, so a retry after a crash holds the money once), then records the outcome.
 * Returns the change published, or null when there is nothing to record.
 */
export async function authorizeClaimed(
  pool: Pool,
  provider: PaymentProvider,
  intent: PlacedOrder,
  publish: PublishPaymentChange,
): Promise<PaymentChange | null> {
  const amount = { amount: intent.amount, currency: intent.currency };
  const result = await provider.authorize({ orderId: intent.orderId, amount, token: intent.paymentToken });
  return withTransaction(pool, (tx) => record(tx, intent, result, publish));
}

async function record(
  tx: PoolClient,
  intent: PlacedOrder,
  result: AuthorizeResult,
  publish: PublishPaymentChange,
): Promise<PaymentChange | null> {
  const order = await lockPaymentOrder(tx, intent.orderId);
  if (order === null || order.authorizationDoneAt !== null) return null;
  await markAuthorizationDone(tx, intent.orderId);
  if (order.cancelledAt !== null) {
    // Cancelled while the provider was deciding: no payment is recorded; the settler releases the hold.
    if (result.outcome === 'AUTHORIZED')
      await requestSettlement(tx, {
        idempotencyKey: `${intent.orderId}:void`,
        orderId: intent.orderId,
        paymentId: null,
        operation: 'void',
        providerRef: result.reference,
        amount: { amount: intent.amount, currency: intent.currency },
      });
    return null;
  }
  const payment = await insertPayment(tx, {
    id: randomUUID(),
    orderId: intent.orderId,
    customerId: intent.customerId,
    amount: { amount: intent.amount, currency: intent.currency },
    status: result.outcome,
    method: result.method,
    declineReason: result.outcome === 'DECLINED' ? result.reason : null,
    providerRef: result.outcome === 'AUTHORIZED' ? result.reference : null,
  });
  if (payment === null) return null;
  const change: PaymentChange = {
    type: payment.status === 'AUTHORIZED' ? 'PaymentAuthorized' : 'PaymentDeclined',
    payment,
  };
  await publish(tx, change);
  return change;
}
