import type { CustomersContext } from '../context.ts';
import { addAddress, type AddressInput } from '../domain/add-address.ts';
import { login } from '../domain/login.ts';
import { registerCustomer, type RegisterCustomerInput } from '../domain/register-customer.ts';

export const Mutation = {
  registerCustomer: (_: unknown, args: { input: RegisterCustomerInput }, ctx: CustomersContext) =>
    registerCustomer(ctx.pool, ctx.signer, args.input),
  login: (_: unknown, args: { email: string; password: string }, ctx: CustomersContext) =>
    login(ctx.pool, ctx.signer, args.email, args.password),
  addAddress: (_: unknown, args: { input: AddressInput }, ctx: CustomersContext) =>
    addAddress(ctx.pool, ctx.identity, args.input),
};
