import { ProductUpserted } from '@shopgraph/events';
import { stableUuid, type Identity } from '@shopgraph/platform';
import { ADMIN, ANONYMOUS, as, customer, deliverer, errorCodes, gql, useService } from '@shopgraph/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { handlers } from '../src/events/handlers.ts';
import { publish } from '../src/events/publish.ts';
import { createInventoryService } from '../src/server.ts';

const BRAND_X = stableUuid('brand', 'auth-x');
const BRAND_Y = stableUuid('brand', 'auth-y');
const X_SHIRT = stableUuid('product', 'AUTH-X-SHIRT');
const Y_SHIRT = stableUuid('product', 'AUTH-Y-SHIRT');
const UNHEARD = stableUuid('product', 'AUTH-UNHEARD');
const brand = (brandId: string): Identity => ({ role: 'brand', subject: `key-${brandId}`, brandId });

const SET = `mutation($input: SetStockInput!) { setStock(input: $input) { onHand } }`;
const ADJUST = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) { onHand } }`;

describe("stock writes are authorized from inventory's own read model of product brands", () => {
  const sut = useService('inventory', createInventoryService, { dbName: 'inventory_auth' });
  const setStock = (identity: Identity, productId: string, onHand: number) =>
    gql<{ setStock: { onHand: number } }>(sut.url, SET, { input: { productId, onHand } }, as(identity));
  const adjustStock = (identity: Identity, productId: string, delta: number) =>
    gql<{ adjustStock: { onHand: number } }>(
      sut.url,
      ADJUST,
      { input: { productId, delta, reason: 'received' } },
      as(identity),
    );
  const snapshot = async () => ({
    levels: (await sut.service.pool.query('SELECT product_id, on_hand FROM stock_levels ORDER BY product_id'))
      .rows,
    movements: (await sut.service.pool.query('SELECT id FROM stock_movements ORDER BY seq')).rows,
    outbox: (await sut.service.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n as number,
  });
  const upserted = (productId: string, brandId: string) =>
    deliverer(sut.service.pool, handlers(publish))(ProductUpserted, productId, {
      productId,
      brandId,
      sku: productId.slice(0, 8),
      name: 'Shirt',
      status: 'DRAFT',
      price: null,
      category: 'tops',
    });

  beforeAll(async () => {
    await upserted(X_SHIRT, BRAND_X);
    await upserted(Y_SHIRT, BRAND_Y);
  });

  it('when a brand sets and adjusts stock of its own product, then it is written with the brand as actor', async () => {
    expect((await setStock(brand(BRAND_X), X_SHIRT, 7)).data).toEqual({ setStock: { onHand: 7 } });
    expect((await adjustStock(brand(BRAND_X), X_SHIRT, 3)).data).toEqual({ adjustStock: { onHand: 10 } });
    const { rows } = await sut.service.pool.query(
      'SELECT kind, actor FROM stock_movements WHERE product_id = $1 ORDER BY seq',
      [X_SHIRT],
    );
    expect(rows).toEqual([
      { kind: 'SET', actor: `brand:${BRAND_X}` },
      { kind: 'ADJUST', actor: `brand:${BRAND_X}` },
    ]);
  });

  it('when admin sets stock of any product, even one inventory has not heard of, then it is written as admin', async () => {
    expect((await setStock(ADMIN, Y_SHIRT, 4)).data).toEqual({ setStock: { onHand: 4 } });
    expect((await setStock(ADMIN, UNHEARD, 2)).data).toEqual({ setStock: { onHand: 2 } });
    const { rows } = await sut.service.pool.query(
      'SELECT DISTINCT actor FROM stock_movements WHERE product_id = ANY($1)',
      [[Y_SHIRT, UNHEARD]],
    );
    expect(rows).toEqual([{ actor: 'admin:ops' }]);
  });

  it.each<[string, Identity, string, string]>([
    ["brand X sets stock of brand Y's product", brand(BRAND_X), Y_SHIRT, 'FORBIDDEN'],
    [
      'a brand sets stock of a product inventory has not heard of',
      brand(BRAND_X),
      stableUuid('product', 'AUTH-NEW'),
      'FORBIDDEN',
    ],
    ['a customer sets stock', customer('c-1'), X_SHIRT, 'FORBIDDEN'],
    ['an anonymous caller sets stock', ANONYMOUS, X_SHIRT, 'UNAUTHENTICATED'],
  ])('when %s, then it is %s and nothing is written', async (_, identity, productId, code) => {
    const before = await snapshot();
    expect(errorCodes(await setStock(identity, productId, 99))).toEqual([code]);
    expect(errorCodes(await adjustStock(identity, productId, 1))).toEqual([code]);
    expect(await snapshot()).toEqual(before);
  });

  it('when ProductUpserted moves a product to another brand, then the new brand may write and the old may not', async () => {
    await upserted(X_SHIRT, BRAND_Y);
    expect(errorCodes(await adjustStock(brand(BRAND_X), X_SHIRT, 1))).toEqual(['FORBIDDEN']);
    expect((await adjustStock(brand(BRAND_Y), X_SHIRT, 1)).data).toEqual({ adjustStock: { onHand: 11 } });
  });
});
