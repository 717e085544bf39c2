import { seqPage, type Connection, type PageArgs, type Queryable } from '@shopgraph/platform';
import { listMovements } from '../data/stock-repository.ts';
import type { StockMovement } from './model.ts';

/** Product ids are stored lowercase; a lookup matches whatever case the client sent. */
export const normalizeProductId = (id: string): string => id.toLowerCase();

/** One page of a product's stock movements, oldest first (the audit trail). */
export async function readMovements(
  db: Queryable,
  productId: string,
  args: PageArgs,
): Promise<Connection<StockMovement>> {
  return seqPage(args, (page) => listMovements(db, productId, page));
}
