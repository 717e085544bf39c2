import { readOrderPayment } from '../domain/read-payment.ts';
import type { OrderResolvers } from '../generated/resolvers.ts';

/** Order is owned by orders; payments contributes `payment`. */
export const Order: OrderResolvers = {
  payment: (order, _, ctx) =>
    readOrderPayment(
      ctx.identity,
      order.id,
      (id) => ctx.orderById.load(id),
      (id) => ctx.paymentByOrderId.load(id),
    ),
};
