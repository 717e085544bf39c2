import type { CustomersContext } from '../context.ts';
import { readCustomer, readMe } from '../domain/read-customer.ts';

export const Query = {
  me: (_: unknown, __: unknown, ctx: CustomersContext) =>
    readMe(ctx.identity, (id) => ctx.customerById.load(id)),
  customer: (_: unknown, args: { id: string }, ctx: CustomersContext) =>
    readCustomer(ctx.identity, args.id, (id) => ctx.customerById.load(id)),
};
