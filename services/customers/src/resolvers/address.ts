import type { CustomersContext } from '../context.ts';
import { readAddress } from '../domain/read-customer.ts';

export const Address = {
  __resolveReference: (ref: { id: string }, ctx: CustomersContext) =>
    readAddress(ctx.identity, ref.id, (id) => ctx.addressById.load(id)),
};
