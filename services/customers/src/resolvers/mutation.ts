import { addAddress } from '../domain/add-address.ts';
import { login } from '../domain/login.ts';
import { registerCustomer } from '../domain/register-customer.ts';
import type { MutationResolvers } from '../generated/resolvers.ts';

export const Mutation: MutationResolvers = {
  registerCustomer: (_, args, ctx) => registerCustomer(ctx.pool, ctx.publish, ctx.signer, args.input),
  login: (_, args, ctx) => login(ctx.pool, ctx.signer, args.email, args.password),
  addAddress: (_, args, ctx) => addAddress(ctx.pool, ctx.identity, args.input, ctx.publish),
};
