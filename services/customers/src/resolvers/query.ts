import { readCustomer, readMe } from '../domain/read-customer.ts';
import type { QueryResolvers } from '../generated/resolvers.ts';

export const Query: QueryResolvers = {
  me: (_, __, ctx) => readMe(ctx.identity, (id) => ctx.customerById.load(id)),
  customer: (_, args, ctx) => readCustomer(ctx.identity, args.id, (id) => ctx.customerById.load(id)),
};
