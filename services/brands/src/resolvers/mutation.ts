import { registerBrand, type RegisterBrandInput } from '../domain/register-brand.ts';
import type { BrandsContext } from '../context.ts';

export const Mutation = {
  registerBrand: (_: unknown, args: { input: RegisterBrandInput }, ctx: BrandsContext) =>
    registerBrand(ctx.pool, ctx.identity, args.input),
};
