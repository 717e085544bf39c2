import type { PaymentsContext } from '../context.ts';
import type { Payment as PaymentRow } from '../data/payment-repository.ts';
import { readPayment } from '../domain/read-payment.ts';

export const Payment = {
  __resolveReference: (ref: { id: string }, ctx: PaymentsContext) =>
    readPayment(ctx.identity, ref.id, (id) => ctx.paymentById.load(id)),
  order: (payment: PaymentRow) => ({ __typename: 'Order', id: payment.orderId }),
};
