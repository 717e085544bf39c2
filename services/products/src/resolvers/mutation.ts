import { upsertProduct } from '../domain/upsert-product.ts';
import type { UpsertProductInput } from '../domain/validate-product.ts';
import type { ProductsContext } from '../context.ts';

// Open to any caller for now: brand/admin authorization comes with the gateway auth issue.
export const Mutation = {
  upsertProduct: (_: unknown, args: { input: UpsertProductInput }, ctx: ProductsContext) =>
    upsertProduct(ctx.pool, args.input, ctx.publish),
};
