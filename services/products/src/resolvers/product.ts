import type { ProductResolvers } from '../generated/resolvers.ts';

export const Product: ProductResolvers = {
  __resolveReference: (ref, ctx) =>
    'id' in ref ? ctx.productById.load(ref.id) : ctx.productBySku.load(ref.sku),
  brand: (product) => ({ __typename: 'Brand', id: product.brandId }),
};
