import { randomUUID } from 'node:crypto';
import { stableUuid, withTransaction, type Identity } from '@shopgraph/platform';
import {
  ADMIN,
  ANONYMOUS,
  as,
  countQueries,
  customer,
  errorCodes,
  gql,
  useService,
} from '@shopgraph/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, StockLevelChanged } from '@shopgraph/events';
import { recordBrand } from '../src/domain/read-models.ts';
import { handlers } from '../src/events/handlers.ts';
import { publish } from '../src/events/publish.ts';
import { productIdForSku } from '../src/domain/validate-product.ts';
import { configSpec } from '../src/config.ts';
import { createProductsService } from '../src/server.ts';

const onStockLevelChanged = handlers(publish).find((h) => h.def === StockLevelChanged)!;
const ACNE = stableUuid('brand', 'acne-studios');
const GANNI = stableUuid('brand', 'ganni');
const UNKNOWN_BRAND = stableUuid('brand', 'never-registered');
const brand = (brandId: string): Identity => ({ role: 'brand', subject: `key-${brandId}`, brandId });

const UPSERT = `mutation($input: UpsertProductInput!) {
  upsertProduct(input: $input) { id sku name status price { amount currency } category attributes { colour size material } imageUrls weightGrams brand { id } }
}`;
const LIST = `query($filter: ProductFilter, $first: Int, $after: String) {
  products(filter: $filter, first: $first, after: $after) { edges { node { sku status } } pageInfo { hasNextPage endCursor } }
}`;

interface ListResult {
  products: {
    edges: { node: { sku: string; status: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const input = (over: Record<string, unknown> = {}) => ({
  sku: 'ACN-TEE-900',
  brandId: ACNE,
  name: 'Boxy cotton t-shirt',
  price: { amount: 12900, currency: 'EUR' },
  category: 't-shirts',
  attributes: { colour: 'black', size: 'M', material: 'cotton' },
  imageUrls: ['https://img.example/acn-tee-900.jpg'],
  weightGrams: 220,
  ...over,
});

describe('products subgraph (real PostgreSQL)', () => {
  const sut = useService('products', createProductsService, {
    dbName: 'products',
    spec: configSpec,
    env: { PRODUCTS_CONSUMER_GROUP: `test.products.${randomUUID()}` },
  });
  const productCount = async () =>
    Number((await sut.service.pool.query('SELECT count(*) AS n FROM products')).rows[0].n);
  const upsert = (over: Record<string, unknown> = {}, identity: Identity = ADMIN) =>
    gql<{ upsertProduct: { id: string; sku: string; status: string; price: unknown } }>(
      sut.url,
      UPSERT,
      { input: input(over) },
      as(identity),
    );
  const written = async () => ({
    products: (await sut.service.pool.query('SELECT * FROM products ORDER BY seq')).rows,
    outbox: (await sut.service.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n as number,
  });
  const list = (variables: Record<string, unknown>, identity: Identity = ANONYMOUS) =>
    gql<ListResult>(sut.url, LIST, variables, as(identity));
  const outboxTypes = async (productId: string) =>
    (
      await sut.service.pool.query<{ type: string }>('SELECT type FROM outbox WHERE key = $1 ORDER BY seq', [
        productId,
      ])
    ).rows.map((r) => r.type.replace(/^shopgraph\.products\.|\.v1$/g, ''));
  // The consumer's StockLevelChanged handler, called as the consumer calls it (Kafka: tests/e2e).
  const stockKnown = (productId: string, available: number) =>
    withTransaction(sut.service.pool, (tx) =>
      onStockLevelChanged.fn(
        tx,
        createEnvelope({
          producer: 'inventory',
          type: StockLevelChanged.type,
          subject: productId,
          data: { productId, onHand: available, reserved: 0, available },
        }),
      ),
    );

  beforeAll(async () => {
    await withTransaction(sut.service.pool, async (tx) => {
      await recordBrand(tx, { id: ACNE, name: 'Acne Studios' });
      await recordBrand(tx, { id: GANNI, name: 'Ganni' });
    });
  });

  it('when a brand pushes a priced product whose stock is unknown, then it is stored as DRAFT and not listed', async () => {
    const res = await upsert({ sku: ' acn-tee-900 ' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertProduct).toMatchObject({
      id: productIdForSku('ACN-TEE-900'),
      sku: 'ACN-TEE-900',
      status: 'DRAFT',
      price: { amount: 12900, currency: 'EUR' },
      brand: { id: ACNE },
    });
    expect((await list({})).data!.products.edges).toEqual([]);
    expect(await outboxTypes(productIdForSku('ACN-TEE-900'))).toEqual([
      'ProductUpserted',
      'ProductPriceChanged',
    ]);
    expect(
      (await list({ filter: { status: 'DRAFT' } }, ADMIN)).data!.products.edges.map((e) => e.node.sku),
    ).toEqual(['ACN-TEE-900']);
  });

  it('when drafts are listed with filter.status, then admin sees all, a brand only its own, a customer FORBIDDEN and anonymous UNAUTHENTICATED', async () => {
    expect((await upsert({ sku: 'GAN-DRS-901', brandId: GANNI }, brand(GANNI))).errors).toBeUndefined();
    const drafts = async (identity: Identity, brandId?: string) => {
      const res = await list(
        { filter: { status: 'DRAFT', ...(brandId ? { brandId } : {}) }, first: 100 },
        identity,
      );
      return res.errors ? errorCodes(res) : res.data!.products.edges.map((e) => e.node.sku).sort();
    };
    expect(await drafts(ADMIN)).toEqual(expect.arrayContaining(['ACN-TEE-900', 'GAN-DRS-901']));
    expect(await drafts(brand(GANNI))).toEqual(['GAN-DRS-901']);
    expect(await drafts(brand(GANNI), GANNI)).toEqual(['GAN-DRS-901']);
    expect(await drafts(brand(GANNI), ACNE)).toEqual(['FORBIDDEN']);
    expect(await drafts(customer(randomUUID()))).toEqual(['FORBIDDEN']);
    expect(await drafts(ANONYMOUS)).toEqual(['UNAUTHENTICATED']);
    expect(await drafts(ANONYMOUS, ACNE)).toEqual(['UNAUTHENTICATED']);
    // Read by id or SKU, a draft is as absent for anyone but admin and its brand.
    const byId = async (identity: Identity) =>
      (
        await gql<{ product: { sku: string } | null; productBySku: { sku: string } | null }>(
          sut.url,
          'query($id: ID!, $sku: String!) { product(id: $id) { sku } productBySku(sku: $sku) { sku } }',
          { id: productIdForSku('GAN-DRS-901'), sku: 'gan-drs-901' },
          as(identity),
        )
      ).data;
    expect(await byId(ANONYMOUS)).toEqual({ product: null, productBySku: null });
    expect(await byId(customer(randomUUID()))).toEqual({ product: null, productBySku: null });
    expect(await byId(brand(ACNE))).toEqual({ product: null, productBySku: null });
    const own = { product: { sku: 'GAN-DRS-901' }, productBySku: { sku: 'GAN-DRS-901' } };
    expect(await byId(brand(GANNI))).toEqual(own);
    expect(await byId(ADMIN)).toEqual(own);
    // ACTIVE (the default) and DISCONTINUED stay public.
    expect((await list({ filter: { status: 'DISCONTINUED' } })).errors).toBeUndefined();
  });

  it('when the same SKU is pushed again, then the one product is updated, not duplicated', async () => {
    const before = await productCount();
    const res = await upsert({ name: 'Boxy organic t-shirt', price: { amount: 13900, currency: 'eur' } });
    expect(res.data!.upsertProduct).toMatchObject({
      id: productIdForSku('ACN-TEE-900'),
      price: { amount: 13900, currency: 'EUR' },
    });
    expect(await productCount()).toBe(before);
    expect(await outboxTypes(productIdForSku('ACN-TEE-900'))).toEqual([
      'ProductUpserted',
      'ProductPriceChanged',
      'ProductUpserted',
      'ProductPriceChanged',
    ]);
  });

  it('when its stock becomes known, then it turns ACTIVE (ProductActivated) and is listed; a repeat changes nothing', async () => {
    const id = productIdForSku('ACN-TEE-900');
    await stockKnown(id, 12);
    expect((await outboxTypes(id)).at(-1)).toBe('ProductActivated');
    expect((await list({})).data!.products.edges).toEqual([
      { node: { sku: 'ACN-TEE-900', status: 'ACTIVE' } },
    ]);
    const events = (await outboxTypes(id)).length;
    await stockKnown(id, 11);
    expect(await outboxTypes(id)).toHaveLength(events);
  });

  it('when stock is reported before the product exists, then the product is ACTIVE as soon as it is pushed with a price', async () => {
    await stockKnown(productIdForSku('GAN-DRS-900'), 3);
    const res = await upsert({ sku: 'GAN-DRS-900', brandId: GANNI, category: 'dresses' });
    expect(res.data!.upsertProduct.status).toBe('ACTIVE');
  });

  it('when a product without a price has stock, then it stays DRAFT until the price arrives', async () => {
    await stockKnown(productIdForSku('GAN-BAG-900'), 5);
    expect(
      (await upsert({ sku: 'GAN-BAG-900', brandId: GANNI, category: 'bags', price: null })).data!
        .upsertProduct.status,
    ).toBe('DRAFT');
    expect(
      (await upsert({ sku: 'GAN-BAG-900', brandId: GANNI, category: 'bags' })).data!.upsertProduct.status,
    ).toBe('ACTIVE');
    expect(
      (await upsert({ sku: 'GAN-BAG-900', brandId: GANNI, category: 'bags', discontinued: true })).data!
        .upsertProduct.status,
    ).toBe('DISCONTINUED');
  });

  it.each([
    ['a malformed sku', { sku: 'bad sku!' }, 'BAD_USER_INPUT', 'sku'],
    ['an unknown brand', { sku: 'UNK-TEE-001', brandId: UNKNOWN_BRAND }, 'BAD_USER_INPUT', 'brandId'],
    ['a brand id that is no id', { sku: 'UNK-TEE-002', brandId: 'acne' }, 'BAD_USER_INPUT', 'brandId'],
    [
      'price 0',
      { sku: 'ACN-TEE-901', price: { amount: 0, currency: 'EUR' } },
      'BAD_USER_INPUT',
      'price.amount',
    ],
    [
      'a negative price',
      { sku: 'ACN-TEE-902', price: { amount: -100, currency: 'EUR' } },
      'BAD_USER_INPUT',
      'price.amount',
    ],
    [
      'currency XX',
      { sku: 'ACN-TEE-903', price: { amount: 100, currency: 'XX' } },
      'BAD_USER_INPUT',
      'price.currency',
    ],
    ['an empty name', { sku: 'ACN-TEE-904', name: '  ' }, 'BAD_USER_INPUT', 'name'],
    ['a bad category', { sku: 'ACN-TEE-905', category: 'T Shirts!' }, 'BAD_USER_INPUT', 'category'],
    [
      'an image that is no URL',
      { sku: 'ACN-TEE-906', imageUrls: ['not a url'] },
      'BAD_USER_INPUT',
      'imageUrls',
    ],
    ['a weight of 0', { sku: 'ACN-TEE-907', weightGrams: 0 }, 'BAD_USER_INPUT', 'weightGrams'],
    ['a SKU of another brand', { sku: 'ACN-TEE-900', brandId: GANNI }, 'CONFLICT', 'sku'],
  ])(
    'when upserting with %s, then it is %s on that field and nothing is written',
    async (_, over, code, field) => {
      const before = await sut.service.pool.query('SELECT * FROM products ORDER BY seq');
      const outboxBefore = await sut.service.pool.query('SELECT count(*)::int AS n FROM outbox');
      const res = await upsert(over);
      expect(errorCodes(res)).toEqual([code]);
      expect(res.errors![0]!.extensions!['field']).toBe(field);
      expect(res.data).toBeNull();
      expect((await sut.service.pool.query('SELECT * FROM products ORDER BY seq')).rows).toEqual(before.rows);
      expect((await sut.service.pool.query('SELECT count(*)::int AS n FROM outbox')).rows).toEqual(
        outboxBefore.rows,
      );
    },
  );

  it('when a brand token pushes a product of its own brand, then it is stored', async () => {
    const res = await upsert({ sku: 'ACN-TEE-950' }, brand(ACNE));
    expect(res.errors).toBeUndefined();
    expect(res.data!.upsertProduct.sku).toBe('ACN-TEE-950');
  });

  it.each<[string, Record<string, unknown>, Identity, string]>([
    ["brand X pushing brand Y's product", { sku: 'GAN-TEE-950', brandId: GANNI }, brand(ACNE), 'FORBIDDEN'],
    [
      "brand X updating brand Y's existing SKU",
      { sku: 'GAN-DRS-900', brandId: GANNI },
      brand(ACNE),
      'FORBIDDEN',
    ],
    ['a customer', { sku: 'ACN-TEE-951' }, customer('c-1'), 'FORBIDDEN'],
    ['an anonymous caller', { sku: 'ACN-TEE-952' }, ANONYMOUS, 'UNAUTHENTICATED'],
  ])('when %s upserts, then it is %s and nothing is written', async (_, over, identity, code) => {
    const before = await written();
    const res = await upsert(over, identity);
    expect(errorCodes(res)).toEqual([code]);
    expect(res.data).toBeNull();
    expect(await written()).toEqual(before);
  });

  describe('listing', () => {
    beforeAll(async () => {
      for (let i = 0; i < 12; i++) {
        const sku = `GAN-KNT-${String(i).padStart(3, '0')}`;
        await upsert({
          sku,
          brandId: GANNI,
          name: i % 3 === 0 ? `Alpaca sweater ${i}` : `Merino sweater ${i}`,
          category: 'knitwear',
        });
        await stockKnown(productIdForSku(sku), i);
      }
    });

    it('when filtered by brand, category and search, then only matching ACTIVE products come back', async () => {
      const ganniKnit = await list({ filter: { brandId: GANNI, category: 'knitwear' }, first: 100 });
      expect(ganniKnit.data!.products.edges).toHaveLength(12);
      const alpaca = await list({ filter: { search: 'ALPACA' }, first: 100 });
      expect(alpaca.data!.products.edges.map((e) => e.node.sku)).toEqual([
        'GAN-KNT-000',
        'GAN-KNT-003',
        'GAN-KNT-006',
        'GAN-KNT-009',
      ]);
      const acne = await list({ filter: { brandId: ACNE } });
      expect(acne.data!.products.edges.map((e) => e.node.sku)).toEqual(['ACN-TEE-900']);
      expect((await list({ filter: { search: '%' } })).data!.products.edges).toEqual([]);
      expect((await list({ filter: { brandId: 'not-a-uuid' } })).data!.products.edges).toEqual([]);
    });

    it('when paged 5 at a time, then every ACTIVE product comes once, in order', async () => {
      const all = (await list({ first: 100 })).data!.products.edges.map((e) => e.node.sku);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: ListResult['products'] = (await list({ first: 5, after })).data!.products;
        seen.push(...page.edges.map((e) => e.node.sku));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      expect(all).toHaveLength(14);
    });

    it('when first is over the maximum or the cursor is forged, then it is BAD_USER_INPUT', async () => {
      expect(errorCodes(await list({ first: 101 }))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await list({ after: 'bm9wZQ' }))).toEqual(['BAD_USER_INPUT']);
    });

    it('when a SKU holds a NUL the database cannot store (the subgraph reached directly), then it is BAD_USER_INPUT, not a 500', async () => {
      const res = await gql(sut.url, 'query($sku: String!) { productBySku(sku: $sku) { id } }', {
        sku: 'ACN\u0000TEE',
      });
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      expect(JSON.stringify(res.errors)).not.toContain('byte sequence');
    });

    it("when a brand's products are asked for through the Brand entity, then their ACTIVE products come back in one query", async () => {
      const counter = countQueries(sut.service.pool, { requestsOnly: true });
      const res = await gql<{ _entities: { products: { edges: unknown[] } }[] }>(
        sut.url,
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Brand { products(first: 50) { edges { node { sku } } } } } }`,
        {
          r: [
            { __typename: 'Brand', id: GANNI },
            { __typename: 'Brand', id: UNKNOWN_BRAND },
            { __typename: 'Brand', id: ACNE },
          ],
        },
      );
      counter.stop();
      expect(counter.count).toBe(1); // one query for all brands, not one per brand
      expect(res.data!._entities.map((b) => b.products.edges.length)).toEqual([13, 0, 1]);
    });
  });

  it('when the gateway resolves 50 product references by id and by SKU, then each comes back in order, one query per key', async () => {
    const { rows } = await sut.service.pool.query<{ id: string; sku: string }>(
      'SELECT id, sku FROM products ORDER BY seq',
    );
    const representations = [
      ...rows.map((r) => ({ __typename: 'Product', id: r.id })),
      ...rows.map((r) => ({ __typename: 'Product', sku: r.sku })),
      { __typename: 'Product', id: '00000000-0000-4000-8000-000000000000' },
      { __typename: 'Product', sku: 'NOPE-000' },
    ];
    const counter = countQueries(sut.service.pool);
    const res = await gql<{ _entities: ({ id: string; sku: string } | null)[] }>(
      sut.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id sku } } }`,
      { r: representations },
    );
    counter.stop();
    expect(res.data!._entities).toEqual([...rows, ...rows, null, null]);
    expect(counter.count).toBe(2);
  });
});
