import type { Product as ProductRow } from '../data/product-repository.ts';
import type { ProductsContext } from '../context.ts';

type ProductRef = { id: string } | { sku: string };

export const Product = {
  __resolveReference: (ref: ProductRef, ctx: ProductsContext) =>
    'id' in ref ? ctx.productById.load(ref.id) : ctx.productBySku.load(ref.sku),
  brand: (product: ProductRow) => ({ __typename: 'Brand', id: product.brandId }),
};
