import type { PaymentsContext } from '../context.ts';
import { readOrderPayment } from '../domain/read-payment.ts';

/** Order is owned by orders; payments contributes `payment`. */
export const Order = {
  payment: (order: { id: string }, _: unknown, ctx: PaymentsContext) =>
    readOrderPayment(
      ctx.identity,
      order.id,
      (id) => ctx.orderById.load(id),
      (id) => ctx.paymentByOrderId.load(id),
    ),
};
