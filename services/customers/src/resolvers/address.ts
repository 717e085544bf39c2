import { readAddress } from '../domain/read-customer.ts';
import type { AddressResolvers } from '../generated/resolvers.ts';

export const Address: AddressResolvers = {
  __resolveReference: (ref, ctx) => readAddress(ctx.identity, ref.id, (id) => ctx.addressById.load(id)),
};
