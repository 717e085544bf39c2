import { readCustomer } from '../domain/read-customer.ts';
import type { CustomerResolvers } from '../generated/resolvers.ts';

export const Customer: CustomerResolvers = {
  __resolveReference: (ref, ctx) => readCustomer(ctx.identity, ref.id, (id) => ctx.customerById.load(id)),
  addresses: (customer, _, ctx) => ctx.addressesByCustomerId.load(customer.id),
};
