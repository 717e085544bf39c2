import { seqPage, type Connection, type PageArgs, type Queryable } from '@shopgraph/platform';
import { findBrandBySlug, listBrands } from '../data/brand-repository.ts';
import type { Brand } from './model.ts';

/** Anyone may read the catalog's brands. */
export const readBrandBySlug = (db: Queryable, slug: string): Promise<Brand | null> =>
  findBrandBySlug(db, slug);

/** One page of brands in registration order. */
export async function readBrands(db: Queryable, args: PageArgs): Promise<Connection<Brand>> {
  return seqPage(args, (page) => listBrands(db, page));
}
