import type { CustomersContext } from '../context.ts';
import type { Customer as CustomerRow } from '../data/customer-repository.ts';
import { readCustomer } from '../domain/read-customer.ts';

export const Customer = {
  __resolveReference: (ref: { id: string }, ctx: CustomersContext) =>
    readCustomer(ctx.identity, ref.id, (id) => ctx.customerById.load(id)),
  addresses: (customer: CustomerRow, _: unknown, ctx: CustomersContext) =>
    ctx.addressesByCustomerId.load(customer.id),
};
