import { readOwned, type Identity } from '@shopgraph/platform';
import type { Payment, PaymentOrder } from './model.ts';

type Load<T> = (id: string) => Promise<T | null>;

/** A payment, for its order's customer or admin; anyone else is refused and sees nothing. */
export const readPayment = (identity: Identity, id: string, load: Load<Payment>) =>
  readOwned(identity, id, load, (payment) => payment.customerId);

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
  const order = await readOwned(identity, orderId, loadOrder, (o) => o.customerId);
  return order === null ? null : loadPayment(orderId);
}
