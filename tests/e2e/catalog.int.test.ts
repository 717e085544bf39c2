import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stableUuid, type Authenticated } from '@shopgraph/platform';
import {
  bearerFor,
  errorCodes,
  eventually,
  gql,
  ROOT,
  startTestStack,
  type TestStack,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The stack `make up` runs (scripts/stack/services.sh) on its own ports (gateway 15000,
// subgraphs 15001+), databases, run dir and Kafka namespace, so nothing else is disturbed.
const GATEWAY = 'http://127.0.0.1:15000/graphql';
const CATALOG = `{ products(first: 20) { edges { node { sku name price { amount currency } brand { name } stock { available } } } } }`;

const seedStock = new Map(
  (
    JSON.parse(readFileSync(path.join(ROOT, 'services/inventory/seed/stock.json'), 'utf8')) as {
      sku: string;
      onHand: number;
    }[]
  ).map((s) => [s.sku, s.onHand]),
);
const seedProducts = JSON.parse(
  readFileSync(path.join(ROOT, 'services/products/seed/products.json'), 'utf8'),
) as {
  sku: string;
  brandSlug: string;
  category: string;
}[];

interface Node {
  sku: string;
  name: string;
  status?: string;
  price: { amount: number; currency: string } | null;
  brand: { name: string };
  stock: { available: number } | null;
}
type Listing = {
  products: { edges: { node: Node }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

describe('catalog end to end: products, brands and inventory through the gateway', () => {
  let stack: TestStack | undefined;
  let activeAfterMs = 0;
  let admin: { authorization: string };
  const as = (identity: Authenticated) => bearerFor(stack!.keys, identity);

  beforeAll(async () => {
    const started = Date.now();
    stack = await startTestStack({ name: 'catalog', basePort: 15000 });
    admin = await as({ role: 'admin', subject: 'catalog-e2e' });
    // Seeded products become ACTIVE when inventory's seed StockLevelChanged events reach products.
    await eventually(async () => {
      const res = await gql<Listing>(
        GATEWAY,
        '{ products(first: 100, after: "MTAw") { edges { node { sku } } } }',
      );
      return res.data?.products.edges.length === 100 ? true : undefined;
    }, 60_000);
    activeAfterMs = Date.now() - started;
  }, 180_000);
  afterAll(async () => stack?.stop());

  it("when the issue's catalog query is sent, then 20 seeded products come with name, price, brand name and stock", async () => {
    console.log(`all 200 seeded products ACTIVE ${activeAfterMs} ms after services.sh start began`);
    const res = await gql<Listing>(GATEWAY, CATALOG);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.products.edges.map((e) => e.node);
    expect(nodes).toHaveLength(20);
    expect(nodes[0]).toEqual({
      sku: 'ACN-TEE-001',
      name: 'Structured linen t-shirt',
      price: { amount: 57000, currency: 'SEK' },
      brand: { name: 'Acne Studios' },
      stock: { available: 5 },
    });
    for (const n of nodes) {
      expect(n.price!.amount).toBeGreaterThan(0);
      expect(n.brand.name).not.toBe('');
      // The seeded orders (services/orders seed) may hold reservations: available is at most on hand.
      expect(n.stock!.available).toBeLessThanOrEqual(seedStock.get(n.sku)!);
      expect(n.stock!.available).toBeGreaterThanOrEqual(0);
    }
  });

  it('when filtered by brand and category and paged, then every match comes exactly once', async () => {
    const ganni = stableUuid('brand', 'ganni');
    const expected = seedProducts
      .filter((p) => p.brandSlug === 'ganni' && p.category === 'knitwear')
      .map((p) => p.sku);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: Awaited<ReturnType<typeof gql<Listing>>> = await gql<Listing>(
        GATEWAY,
        `query($after: String, $brandId: ID) { products(first: 1, after: $after, filter: { brandId: $brandId, category: "knitwear" }) {
          edges { node { sku brand { name } } } pageInfo { hasNextPage endCursor } } }`,
        { after, brandId: ganni },
      );
      seen.push(...res.data!.products.edges.map((e) => e.node.sku));
      expect(res.data!.products.edges.every((e) => e.node.brand.name === 'Ganni')).toBe(true);
      if (!res.data!.products.pageInfo.hasNextPage) break;
      after = res.data!.products.pageInfo.endCursor;
    }
    expect(expected.length).toBeGreaterThan(0);
    expect(seen).toEqual(expected);

    const all: string[] = [];
    after = null;
    do {
      const page: Listing['products'] = (
        await gql<Listing>(
          GATEWAY,
          `query($after: String) { products(first: 100, after: $after) { edges { node { sku } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        )
      ).data!.products;
      all.push(...page.edges.map((e) => e.node.sku));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(all).size).toBe(200);

    const search = await gql<Listing>(
      GATEWAY,
      '{ products(filter: { search: "cashmere scarf" }) { edges { node { name } } } }',
    );
    expect(search.data!.products.edges.every((e) => /cashmere scarf/i.test(e.node.name))).toBe(true);
  });

  it("when a brand's products and a product by SKU are asked for, then the brand's side and the product's side agree", async () => {
    const res = await gql<{
      brandBySlug: {
        name: string;
        products: { edges: { node: { sku: string; brand: { name: string } } }[] };
      };
      productBySku: { id: string; inStock: boolean };
    }>(
      GATEWAY,
      '{ brandBySlug(slug: "marni") { name products(first: 3) { edges { node { sku brand { name } } } } } productBySku(sku: "ACN-TEE-001") { id inStock } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.brandBySlug.products.edges.map((e) => e.node.brand.name)).toEqual([
      'Marni',
      'Marni',
      'Marni',
    ]);
    expect(res.data!.productBySku).toEqual({ id: stableUuid('product', 'ACN-TEE-001'), inStock: true });
  });

  it('when a product whose stock was never set is pushed, then it is not listed, and after setStock it is', async () => {
    const sku = `E2E-${randomBytes(3).toString('hex').toUpperCase()}`;
    const upsert = await gql<{ upsertProduct: { id: string; status: string } }>(
      GATEWAY,
      `mutation($input: UpsertProductInput!) { upsertProduct(input: $input) { id status } }`,
      {
        input: {
          sku,
          brandId: stableUuid('brand', 'cos'),
          name: 'Wool overshirt',
          price: { amount: 8900, currency: 'GBP' },
          category: 'shirts',
        },
      },
      admin,
    );
    expect(upsert.data!.upsertProduct.status).toBe('DRAFT');
    const listed = async () =>
      (
        await gql<Listing>(
          GATEWAY,
          `query($s: String) { products(filter: { search: $s }) { edges { node { sku status stock { available } } } } }`,
          { s: sku },
        )
      ).data!.products.edges;
    expect(await listed()).toEqual([]);

    const set = await gql(
      GATEWAY,
      `mutation($id: ID!) { setStock(input: { productId: $id, onHand: 7 }) { available } }`,
      { id: upsert.data!.upsertProduct.id },
      admin,
    );
    expect(set.data).toEqual({ setStock: { available: 7 } });
    const started = Date.now();
    const edges = await eventually(async () => ((await listed()).length > 0 ? listed() : undefined));
    console.log(`setStock -> listed through Kafka in ${Date.now() - started} ms`);
    expect(edges).toEqual([{ node: { sku, status: 'ACTIVE', stock: { available: 7 } } }]);
  });

  it('when a new brand registers, then products learns it from BrandRegistered and accepts its products', async () => {
    const slug = `e2e-${randomBytes(3).toString('hex')}`;
    const brand = await gql<{ registerBrand: { id: string } }>(
      GATEWAY,
      `mutation($slug: String!) { registerBrand(input: { slug: $slug, name: "E2E Brand", country: "NO" }) { id } }`,
      { slug },
      admin,
    );
    expect(brand.errors).toBeUndefined();
    const upsert = () =>
      gql<{ upsertProduct: { brand: { name: string } } }>(
        GATEWAY,
        `mutation($brandId: ID!, $sku: String!) { upsertProduct(input: { sku: $sku, brandId: $brandId, name: "Rain jacket", category: "outerwear" }) { brand { name } } }`,
        { brandId: brand.data!.registerBrand.id, sku: slug.toUpperCase() },
        admin,
      );
    const res = await eventually(async () => {
      const r = await upsert();
      return r.errors ? undefined : r;
    });
    expect(res.data!.upsertProduct.brand.name).toBe('E2E Brand');
  });

  it.each([
    [
      'negative stock',
      `mutation { setStock(input: { productId: "${stableUuid('product', 'ACN-TEE-001')}", onHand: -1 }) { onHand } }`,
    ],
    [
      'a malformed sku',
      `mutation { upsertProduct(input: { sku: "no good", brandId: "${stableUuid('brand', 'cos')}", name: "X", category: "shirts" }) { id } }`,
    ],
    [
      'an unknown brand',
      `mutation { upsertProduct(input: { sku: "BAD-BRAND-1", brandId: "${stableUuid('brand', 'nobody')}", name: "X", category: "shirts" }) { id } }`,
    ],
    [
      'price 0',
      `mutation { upsertProduct(input: { sku: "BAD-PRICE-1", brandId: "${stableUuid('brand', 'cos')}", name: "X", category: "shirts", price: { amount: 0, currency: "GBP" } }) { id } }`,
    ],
    [
      'currency XX',
      `mutation { upsertProduct(input: { sku: "BAD-CUR-1", brandId: "${stableUuid('brand', 'cos')}", name: "X", category: "shirts", price: { amount: 100, currency: "XX" } }) { id } }`,
    ],
    ['a page size over the maximum', '{ products(first: 101) { edges { node { sku } } } }'],
  ])(
    'when sent %s through the gateway, then it is BAD_USER_INPUT and nothing is written',
    async (_, operation) => {
      const res = await gql(GATEWAY, operation, {}, admin);
      expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
      const after = await gql<{ a: unknown; b: unknown; c: unknown; d: { stock: { onHand: number } } }>(
        GATEWAY,
        `{ a: productBySku(sku: "BAD-BRAND-1") { id } b: productBySku(sku: "BAD-PRICE-1") { id } c: productBySku(sku: "BAD-CUR-1") { id }
         d: productBySku(sku: "ACN-TEE-001") { stock { onHand } } }`,
      );
      expect(after.data).toEqual({
        a: null,
        b: null,
        c: null,
        d: { stock: { onHand: seedStock.get('ACN-TEE-001') } },
      });
    },
  );

  describe('catalog writes are authorized: admin, or a brand for its own products', () => {
    const X = stableUuid('brand', 'acne-studios');
    const Y = stableUuid('brand', 'cos');
    const brand = (brandId: string): Authenticated => ({ role: 'brand', subject: `key-${brandId}`, brandId });
    const UPSERT = `mutation($input: UpsertProductInput!) { upsertProduct(input: $input) { sku name } }`;
    const product = (sku: string, brandId: string, name: string) => ({
      input: { sku, brandId, name, category: 'shirts', price: { amount: 5000, currency: 'EUR' } },
    });
    const names = async (...skus: string[]) => {
      const res = await gql<Record<string, { name: string } | null>>(
        GATEWAY,
        `{ ${skus.map((sku, i) => `p${i}: productBySku(sku: "${sku}") { name }`).join(' ')} }`,
      );
      return res.data;
    };
    const Y_STOCK = stableUuid('product', 'COS-KNT-003');
    const stock = async () => {
      const res = await gql<{
        stockLevel: { onHand: number; movements: { edges: { node: { actor: string } }[] } };
      }>(
        GATEWAY,
        `query($id: ID!) { stockLevel(productId: $id) { onHand movements(first: 100) { edges { node { actor } } } } }`,
        { id: Y_STOCK },
      );
      const level = res.data!.stockLevel;
      return { onHand: level.onHand, actors: level.movements.edges.map((e) => e.node.actor) };
    };
    const SET = `mutation($id: ID!, $n: Int!) { setStock(input: { productId: $id, onHand: $n }) { onHand } }`;
    const ADJUST = `mutation($id: ID!) { adjustStock(input: { productId: $id, delta: 5, reason: "received" }) { onHand } }`;

    it("when brand X pushes brand Y's products through the gateway, then it is FORBIDDEN and nothing is written", async () => {
      const sku = `COS-AUTH-${randomBytes(3).toString('hex').toUpperCase()}`;
      const before = await names(sku, 'COS-TEE-001');
      expect(before!['p0']).toBeNull();
      const headers = await as(brand(X));
      for (const variables of [product(sku, Y, 'Stolen'), product('COS-TEE-001', Y, 'Renamed by X')]) {
        const res = await gql(GATEWAY, UPSERT, variables, headers);
        expect(errorCodes(res)).toEqual(['FORBIDDEN']);
        expect(res.data).toBeNull();
      }
      expect(await names(sku, 'COS-TEE-001')).toEqual(before);
    });

    it('when an anonymous caller pushes a product or registers a brand, then it is UNAUTHENTICATED and nothing is written', async () => {
      const sku = `COS-ANON-${randomBytes(3).toString('hex').toUpperCase()}`;
      expect(errorCodes(await gql(GATEWAY, UPSERT, product(sku, Y, 'Anonymous')))).toEqual([
        'UNAUTHENTICATED',
      ]);
      const slug = `anon-${randomBytes(3).toString('hex')}`;
      const register = `mutation($slug: String!) { registerBrand(input: { slug: $slug, name: "Anon", country: "NO" }) { id } }`;
      expect(errorCodes(await gql(GATEWAY, register, { slug }))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await gql(GATEWAY, register, { slug }, await as(brand(X))))).toEqual(['FORBIDDEN']);
      expect(await names(sku)).toEqual({ p0: null });
      const read = await gql<{ brandBySlug: unknown }>(GATEWAY, `{ brandBySlug(slug: "${slug}") { id } }`);
      expect(read.data).toEqual({ brandBySlug: null });
    });

    it("when brand X pushes its own product, or admin pushes any brand's, then it is written", async () => {
      const own = `ACN-AUTH-${randomBytes(3).toString('hex').toUpperCase()}`;
      const other = `COS-ADM-${randomBytes(3).toString('hex').toUpperCase()}`;
      expect((await gql(GATEWAY, UPSERT, product(own, X, 'Own shirt'), await as(brand(X)))).data).toEqual({
        upsertProduct: { sku: own, name: 'Own shirt' },
      });
      expect((await gql(GATEWAY, UPSERT, product(other, Y, 'Admin shirt'), admin)).data).toEqual({
        upsertProduct: { sku: other, name: 'Admin shirt' },
      });
    });

    it("when brand X sets or adjusts stock of brand Y's product, then it is FORBIDDEN and nothing is written; Y and admin may", async () => {
      const yHeaders = await as(brand(Y));
      // Brand Y may write once inventory has learned the product's brand from ProductUpserted.
      const seeded = seedStock.get('COS-KNT-003')!;
      await eventually(async () => {
        const res = await gql(GATEWAY, SET, { id: Y_STOCK, n: seeded }, yHeaders);
        return res.errors ? undefined : true;
      });
      const before = await stock();
      expect(before.onHand).toBe(seeded);

      const xHeaders = await as(brand(X));
      expect(errorCodes(await gql(GATEWAY, SET, { id: Y_STOCK, n: 0 }, xHeaders))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await gql(GATEWAY, ADJUST, { id: Y_STOCK }, xHeaders))).toEqual(['FORBIDDEN']);
      expect(errorCodes(await gql(GATEWAY, SET, { id: Y_STOCK, n: 0 }))).toEqual(['UNAUTHENTICATED']);
      expect(await stock()).toEqual(before);

      expect((await gql(GATEWAY, ADJUST, { id: Y_STOCK }, admin)).data).toEqual({
        adjustStock: { onHand: seeded + 5 },
      });
      expect((await stock()).actors.slice(-2)).toEqual([`brand:${Y}`, 'admin:catalog-e2e']);
    });
  });
});
