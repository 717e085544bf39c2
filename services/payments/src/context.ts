import { uuidLoader, type DataLoader, type SubgraphContext } from '@shopgraph/platform';
import { findPaymentOrdersByIds } from './data/payment-order-repository.ts';
import { findPaymentsByIds, findPaymentsByOrderIds } from './data/payment-repository.ts';
import type { Payment, PaymentOrder } from './domain/model.ts';

export interface PaymentsContext extends SubgraphContext {
  /** Payments by id, batched per request (one query per `_entities` call). */
  readonly paymentById: DataLoader<string, Payment | null>;
  /** Each order's payment, batched the same way (Order.payment). */
  readonly paymentByOrderId: DataLoader<string, Payment | null>;
  /** What payments knows of an order (its customer, for authorization). */
  readonly orderById: DataLoader<string, PaymentOrder | null>;
}

/** Each request's context: fresh loaders over the shared pool (payments has no mutations). */
export const createContext =
  () =>
  (base: SubgraphContext): PaymentsContext => ({
    ...base,
    paymentById: uuidLoader(
      (ids) => findPaymentsByIds(base.pool, ids),
      (p) => p.id,
    ),
    paymentByOrderId: uuidLoader(
      (ids) => findPaymentsByOrderIds(base.pool, ids),
      (p) => p.orderId,
    ),
    orderById: uuidLoader(
      (ids) => findPaymentOrdersByIds(base.pool, ids),
      (o) => o.orderId,
    ),
  });
