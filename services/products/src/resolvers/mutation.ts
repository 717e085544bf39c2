import { upsertProduct } from '../domain/upsert-product.ts';
import type { UpsertProductInput } from '../domain/validate-product.ts';
import type { ProductsContext } from '../context.ts';

export const Mutation = {
  upsertProduct: (_: unknown, args: { input: UpsertProductInput }, ctx: ProductsContext) =>
    upsertProduct(ctx.pool, ctx.identity, args.input, ctx.publish),
};
