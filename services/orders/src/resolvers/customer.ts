import { readCustomerOrders } from '../domain/read-orders.ts';
import type { CustomerResolvers } from '../generated/resolvers.ts';

export const Customer: CustomerResolvers = {
  // Nothing to load: orders only adds a field to customers' entity.
  __resolveReference: (ref) => ({ id: ref.id }),
  orders: (customer, args, ctx) => readCustomerOrders(ctx.identity, ctx.pool, customer.id, args),
};
