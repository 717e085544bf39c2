import { badUserInput } from './errors.ts';

/**
 * Keyset (cursor) pagination over an ordered, unique key. Pages never repeat or skip a row
 * that existed when the first page was read, however many rows are inserted meanwhile,
 * because a cursor names the last key seen, not an offset.
 */
export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface PageRequest<K> {
  /** Rows to fetch: one more than the page size, to learn whether another page exists. */
  readonly limit: number;
  readonly size: number;
  readonly after: K | undefined;
}

export interface Connection<T> {
  readonly edges: { readonly node: T; readonly cursor: string }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly totalCount?: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Validates `first`/`after`; bad values are the client's to fix, so BAD_USER_INPUT. */
export function pageRequest<K>(args: PageArgs, isKey: (v: unknown) => v is K): PageRequest<K> {
  const size = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
  let after: K | undefined;
  if (args.after != null) {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
    } catch {
      decoded = undefined;
    }
    if (!isKey(decoded)) throw badUserInput('after is not a cursor returned by this field', 'after');
    after = decoded;
  }
  return { limit: size + 1, size, after };
}

/** Builds a connection from `rows` fetched with `limit = size + 1`. */
export function toConnection<T>(
  rows: readonly T[],
  req: PageRequest<unknown>,
  keyOf: (row: T) => unknown,
): Connection<T> {
  const page = rows.slice(0, req.size);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(keyOf(node)) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > req.size, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

/**
 * Cursor key for rows ordered by an identity column (`seq bigint GENERATED ALWAYS AS IDENTITY`).
 * A number, not a timestamp: JS dates drop PostgreSQL's microseconds, and equal times need a tiebreak.
 */
export type SeqKey = number;
export const isSeqKey = (v: unknown): v is SeqKey => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * One page of rows ordered by their `seq` column, the shape of every listing here: validates
 * `first`/`after` (BAD_USER_INPUT), lets `fetch` read `page.limit` rows after `page.after`, and
 * builds the connection.
 */
export async function seqPage<T extends { readonly seq: number }>(
  args: PageArgs,
  fetch: (page: PageRequest<SeqKey>) => Promise<readonly T[]>,
): Promise<Connection<T>> {
  const page = pageRequest(args, isSeqKey);
  return toConnection(await fetch(page), page, (row) => row.seq);
}
