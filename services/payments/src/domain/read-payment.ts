import { isUuid, requireAuthenticated, requireCustomer, type Identity } from '@shopgraph/platform';
import type { PaymentOrder } from '../data/payment-order-repository.ts';
import type { Payment } from '../data/payment-repository.ts';

type Load<T> = (id: string) => Promise<T | null>;

/** A payment, for its order's customer or admin; anyone else is refused and sees nothing. */
export async function readPayment(
  identity: Identity,
  id: string,
  load: Load<Payment>,
): Promise<Payment | null> {
  requireAuthenticated(identity); // before any read
  const payment = isUuid(id) ? await load(id) : null;
  if (payment === null) return null;
  requireCustomer(identity, payment.customerId);
  return payment;
}

/**
 * An order's payment, for the order's customer (known from OrderPlaced) or admin. An order
 * payments has not heard of has no payment to show: null.
 */
export async function readOrderPayment(
  identity: Identity,
  orderId: string,
  loadOrder: Load<PaymentOrder>,
  loadPayment: Load<Payment>,
): Promise<Payment | null> {
  requireAuthenticated(identity);
  const order = isUuid(orderId) ? await loadOrder(orderId) : null;
  if (order?.customerId == null) return null;
  requireCustomer(identity, order.customerId);
  return loadPayment(orderId);
}
