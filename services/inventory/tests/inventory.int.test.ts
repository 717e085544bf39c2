import { stableUuid } from '@shopgraph/platform';
import { ADMIN, as, countQueries, errorCodes, gql, useService } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { createInventoryService } from '../src/server.ts';

const P1 = stableUuid('product', 'ACN-TEE-001');
const P2 = stableUuid('product', 'GAN-TEE-001');
const NEVER_SET = stableUuid('product', 'NEVER-SET-001');

const SET = `mutation($input: SetStockInput!) { setStock(input: $input) { productId onHand reserved available } }`;
const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { productId onHand reserved available } }`;

interface Level {
  productId: string;
  onHand: number;
  reserved: number;
  available: number;
}

describe('inventory subgraph (real PostgreSQL)', () => {
  const sut = useService('inventory', createInventoryService, { dbName: 'inventory' });
  // As admin: which callers may write is stock-authorization.int.test.ts's story.
  const setStock = (input: Record<string, unknown>) =>
    gql<{ setStock: Level }>(sut.url, SET, { input }, as(ADMIN));
  const adjustStock = (input: Record<string, unknown>) =>
    gql<{ adjustStock: Level }>(sut.url, ADJUST, { input }, as(ADMIN));
  const snapshot = async () => ({
    levels: (await sut.service.pool.query('SELECT * FROM stock_levels ORDER BY product_id')).rows,
    movements: (await sut.service.pool.query('SELECT count(*)::int AS n FROM stock_movements')).rows[0]
      .n as number,
  });

  it('when stock is set and then adjusted, then onHand and available follow and every change is in the audit trail', async () => {
    expect((await setStock({ productId: P1, onHand: 10 })).data!.setStock).toEqual({
      productId: P1,
      onHand: 10,
      reserved: 0,
      available: 10,
    });
    expect(
      (await adjustStock({ productId: P1, delta: 5, reason: 'delivery 42' })).data!.adjustStock.onHand,
    ).toBe(15);
    expect(
      (await adjustStock({ productId: P1, delta: -3, reason: 'damaged' })).data!.adjustStock.available,
    ).toBe(12);
    expect(
      (await setStock({ productId: P1, onHand: 8, reason: 'inventory count' })).data!.setStock.onHand,
    ).toBe(8);

    const res = await gql<{ stockLevel: { movements: { edges: { node: Record<string, unknown> }[] } } }>(
      sut.url,
      `query($id: ID!) { stockLevel(productId: $id) { movements { edges { node { kind delta onHandAfter reason actor } } } } }`,
      { id: P1 },
    );
    expect(res.data!.stockLevel.movements.edges.map((e) => e.node)).toEqual([
      { kind: 'SET', delta: 10, onHandAfter: 10, reason: 'stock count', actor: 'admin:ops' },
      { kind: 'ADJUST', delta: 5, onHandAfter: 15, reason: 'delivery 42', actor: 'admin:ops' },
      { kind: 'ADJUST', delta: -3, onHandAfter: 12, reason: 'damaged', actor: 'admin:ops' },
      { kind: 'SET', delta: -4, onHandAfter: 8, reason: 'inventory count', actor: 'admin:ops' },
    ]);
    const { rows } = await sut.service.pool.query(
      'SELECT sum(delta)::int AS total FROM stock_movements WHERE product_id = $1',
      [P1],
    );
    expect(rows[0].total).toBe(8);
  });

  it('when units are reserved, then setStock and adjustStock cannot take available below 0', async () => {
    await sut.service.pool.query('UPDATE stock_levels SET reserved = 6 WHERE product_id = $1', [P1]);
    expect(errorCodes(await setStock({ productId: P1, onHand: 5 }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await adjustStock({ productId: P1, delta: -3, reason: 'lost' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect((await adjustStock({ productId: P1, delta: -2, reason: 'lost' })).data!.adjustStock).toMatchObject(
      { onHand: 6, available: 0 },
    );
    await sut.service.pool.query('UPDATE stock_levels SET reserved = 0 WHERE product_id = $1', [P1]);
  });

  it.each([
    ['negative stock', () => setStock({ productId: P2, onHand: -1 }), 'onHand'],
    ['a product id that is no id', () => setStock({ productId: 'ACN-TEE-001', onHand: 1 }), 'productId'],
    ['a zero delta', () => adjustStock({ productId: P1, delta: 0, reason: 'nothing' }), 'delta'],
    ['an empty reason', () => adjustStock({ productId: P1, delta: 1, reason: ' ' }), 'reason'],
    [
      'a delta below zero stock',
      () => adjustStock({ productId: P2, delta: -1, reason: 'shrinkage' }),
      'delta',
    ],
  ])(
    'when changing stock with %s, then it is BAD_USER_INPUT on that field and nothing is written',
    async (_, act, field) => {
      const before = await snapshot();
      const res = await act();
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0]!.extensions!['field']).toBe(field);
      expect(await snapshot()).toEqual(before);
    },
  );

  it('when 20 adjustments race on one product, then none is lost', async () => {
    await setStock({ productId: P2, onHand: 0 });
    await Promise.all(
      Array.from({ length: 20 }, () => adjustStock({ productId: P2, delta: 1, reason: 'receiving' })),
    );
    expect((await setStock({ productId: P2, onHand: 20 })).data!.setStock.onHand).toBe(20);
    const { rows } = await sut.service.pool.query(
      'SELECT sum(delta)::int AS total, count(*)::int AS n FROM stock_movements WHERE product_id = $1',
      [P2],
    );
    expect(rows[0]).toEqual({ total: 20, n: 22 });
  });

  it('when the gateway asks for stock of 50 products through _entities, then it is one query and unknown stock is null', async () => {
    const ids = Array.from({ length: 48 }, (_, i) => stableUuid('product', `BULK-${i}`));
    for (const [i, id] of ids.entries()) await setStock({ productId: id, onHand: i });
    const representations = [...ids, NEVER_SET, 'not-a-uuid'].map((id) => ({ __typename: 'Product', id }));
    const counter = countQueries(sut.service.pool);
    const res = await gql<{
      _entities: { id: string; inStock: boolean; stock: { available: number } | null }[];
    }>(
      sut.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id inStock stock { available } } } }`,
      { r: representations },
    );
    counter.stop();
    expect(res.errors).toBeUndefined();
    expect(counter.count).toBe(1);
    const entities = res.data!._entities;
    expect(entities.slice(0, 3)).toEqual([
      { id: ids[0], inStock: false, stock: { available: 0 } },
      { id: ids[1], inStock: true, stock: { available: 1 } },
      { id: ids[2], inStock: true, stock: { available: 2 } },
    ]);
    expect(entities.slice(48)).toEqual([
      { id: NEVER_SET, inStock: false, stock: null },
      { id: 'not-a-uuid', inStock: false, stock: null },
    ]);
  });

  it('when StockLevel references are resolved, then they are batched by productId too', async () => {
    const counter = countQueries(sut.service.pool);
    const res = await gql<{ _entities: ({ onHand: number } | null)[] }>(
      sut.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on StockLevel { onHand } } }`,
      { r: [P1, P2, NEVER_SET].map((productId) => ({ __typename: 'StockLevel', productId })) },
    );
    counter.stop();
    expect(res.data!._entities).toEqual([{ onHand: 6 }, { onHand: 20 }, null]);
    expect(counter.count).toBe(1);
  });
});
