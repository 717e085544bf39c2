import { readPayment } from '../domain/read-payment.ts';
import type { PaymentResolvers } from '../generated/resolvers.ts';

export const Payment: PaymentResolvers = {
  __resolveReference: (ref, ctx) => readPayment(ctx.identity, ref.id, (id) => ctx.paymentById.load(id)),
  order: (payment) => ({ __typename: 'Order', id: payment.orderId }),
};
