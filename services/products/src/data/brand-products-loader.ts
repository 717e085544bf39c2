import { DataLoader, isUuid, type PageRequest, type Queryable, type SeqKey } from '@shopgraph/platform';
import type { Product } from '../domain/model.ts';
import { listActiveProductsOfBrands } from './product-repository.ts';

export interface BrandPageKey {
  readonly brandId: string;
  readonly page: PageRequest<SeqKey>;
}

/**
 * Brand.products for every brand of a response in one query per distinct page request
 * (normally one), instead of one query per brand.
 */
export function brandProductsLoader(db: Queryable): DataLoader<BrandPageKey, Product[], string> {
  return new DataLoader<BrandPageKey, Product[], string>(
    async (keys) => {
      const groups = new Map<string, { page: PageRequest<SeqKey>; brandIds: string[] }>();
      for (const { brandId, page } of keys) {
        const id = `${page.limit}:${page.after ?? 0}`;
        const group = groups.get(id) ?? { page, brandIds: [] };
        if (isUuid(brandId)) group.brandIds.push(brandId);
        groups.set(id, group);
      }
      const byGroup = new Map<string, Product[]>();
      await Promise.all(
        [...groups].map(async ([id, g]) => {
          byGroup.set(
            id,
            g.brandIds.length > 0 ? await listActiveProductsOfBrands(db, g.brandIds, g.page) : [],
          );
        }),
      );
      return keys.map(({ brandId, page }) =>
        (byGroup.get(`${page.limit}:${page.after ?? 0}`) ?? []).filter((p) => p.brandId === brandId),
      );
    },
    { cacheKeyFn: ({ brandId, page }) => `${brandId}:${page.limit}:${page.after ?? 0}` },
  );
}
