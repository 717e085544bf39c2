import { describe, expect, it } from 'vitest';
import { encodeCursor, isSeqKey, MAX_PAGE_SIZE, pageRequest, toConnection } from '../src/index.ts';

describe('pagination', () => {
  it('when first is omitted, then the page size is the default and one extra row is fetched', () => {
    expect(pageRequest({}, isSeqKey)).toEqual({ size: 20, limit: 21, after: undefined });
  });

  it.each([0, -1, MAX_PAGE_SIZE + 1, 2.5])('when first is %s, then it is BAD_USER_INPUT', (first) => {
    expect(() => pageRequest({ first }, isSeqKey)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } }),
    );
  });

  it('when after is not a cursor we issued, then it is BAD_USER_INPUT', () => {
    for (const after of ['garbage', encodeCursor('x'), encodeCursor(-3)]) {
      expect(() => pageRequest({ after }, isSeqKey)).toThrow('after is not a cursor returned by this field');
    }
  });

  it('round-trips a cursor and reports whether a next page exists', () => {
    const rows = [{ seq: 1 }, { seq: 2 }, { seq: 3 }];
    const req = pageRequest({ first: 2 }, isSeqKey);
    const page = toConnection(rows, req, (r) => r.seq);
    expect(page.edges.map((e) => e.node.seq)).toEqual([1, 2]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(pageRequest({ first: 2, after: page.pageInfo.endCursor }, isSeqKey).after).toBe(2);
    const last = toConnection(rows.slice(2), pageRequest({ first: 2 }, isSeqKey), (r) => r.seq);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor(3) });
  });
});
