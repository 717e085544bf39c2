import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stableUuid } from '@shopgraph/platform';
import { errorCodes, eventually, gql, ROOT, startTestStack, type TestStack } from '@shopgraph/testing';
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

  beforeAll(async () => {
    const started = Date.now();
    stack = await startTestStack({ name: 'catalog', basePort: 15000 });
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
      {
        id: upsert.data!.upsertProduct.id,
      },
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
    );
    expect(brand.errors).toBeUndefined();
    const upsert = () =>
      gql<{ upsertProduct: { brand: { name: string } } }>(
        GATEWAY,
        `mutation($brandId: ID!, $sku: String!) { upsertProduct(input: { sku: $sku, brandId: $brandId, name: "Rain jacket", category: "outerwear" }) { brand { name } } }`,
        { brandId: brand.data!.registerBrand.id, sku: slug.toUpperCase() },
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
      const res = await gql(GATEWAY, operation);
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
});
