import { readBrandProducts } from '../domain/read-products.ts';
import type { BrandResolvers } from '../generated/resolvers.ts';

export const Brand: BrandResolvers = {
  // Nothing to load: products only adds a field to brands' entity.
  __resolveReference: (ref) => ({ id: ref.id }),
  products: (brand, args, ctx) => readBrandProducts(ctx.brandProducts, brand.id, args),
};
