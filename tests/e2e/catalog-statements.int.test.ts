import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { loadConfig, type ServiceConfig, type SubgraphService } from '@shopgraph/platform';
import {
  countQueries,
  createTestDatabase,
  gql,
  ROOT,
  startService,
  testServiceConfig,
  type QueryCounter,
  type TestDatabase,
} from '@shopgraph/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSpec } from '../../gateway/src/config.ts';
import { createGateway, type GatewayService } from '../../gateway/src/server.ts';
import { seed as seedBrands } from '../../services/brands/src/seed.ts';
import { createBrandsService } from '../../services/brands/src/server.ts';
import { seed as seedInventory } from '../../services/inventory/src/seed.ts';
import { createInventoryService } from '../../services/inventory/src/server.ts';
import { seed as seedProducts } from '../../services/products/src/seed.ts';
import { createProductsService } from '../../services/products/src/server.ts';

// The subgraphs run in this process, so each pool's statements can be counted; the gateway too.
const SUBGRAPHS = [
  { name: 'brands', create: createBrandsService, seed: seedBrands },
  {
    name: 'products',
    // A consumer group of its own: other test runs' products consumers must not take its partitions.
    create: (config: ServiceConfig) =>
      createProductsService({ ...config, consumerGroup: `test.products.${randomUUID()}` }),
    seed: seedProducts,
  },
  { name: 'inventory', create: createInventoryService, seed: seedInventory },
] as const;
type Name = (typeof SUBGRAPHS)[number]['name'];

const listing = (first: number) =>
  `{ products(first: ${first}) { edges { node { sku name price { amount currency } brand { name } stock { available } inStock } } } }`;

describe('batched entity resolution: SQL statements per subgraph for a catalog listing through the gateway', () => {
  const dbs: TestDatabase[] = [];
  const services = new Map<Name, SubgraphService>();
  let gateway: GatewayService;
  let url: string;

  /** Statements each subgraph ran while serving `query` (background relays and consumers excluded). */
  async function statementsFor(query: string): Promise<Record<Name, number>> {
    const counters = new Map<Name, QueryCounter>(
      [...services].map(([n, s]) => [n, countQueries(s.pool, { requestsOnly: true })]),
    );
    const res = await gql(url, query);
    for (const c of counters.values()) c.stop();
    expect(res.errors).toBeUndefined();
    return Object.fromEntries([...counters].map(([n, c]) => [n, c.count])) as Record<Name, number>;
  }

  beforeAll(async () => {
    const composed = [];
    for (const s of SUBGRAPHS) {
      const db = await createTestDatabase(`stmts_${s.name}`);
      dbs.push(db);
      const { service, url: subgraphUrl } = await startService(s.create, testServiceConfig(s.name, db.url));
      services.set(s.name, service);
      await s.seed({ pool: service.pool, logger: service.logger });
      const sdl = readFileSync(path.join(ROOT, `services/${s.name}/schema.graphql`), 'utf8');
      composed.push({ name: s.name, url: subgraphUrl, typeDefs: parse(sdl) });
    }
    const result = composeServices(composed);
    if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
    const supergraphPath = path.join(mkdtempSync(path.join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
    writeFileSync(supergraphPath, result.supergraphSdl);
    gateway = createGateway(
      loadConfig(configSpec, {
        GATEWAY_PORT: '0',
        HOST: '127.0.0.1',
        SUPERGRAPH_PATH: supergraphPath,
        LOG_LEVEL: 'silent',
      }),
    );
    url = (await gateway.start()).url;
    // The seeded products turn ACTIVE when inventory's StockLevelChanged events reach products.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const res = await gql<{ products: { edges: unknown[] } }>(url, listing(100));
      if (res.data?.products.edges.length === 100) break;
      if (Date.now() > deadline) throw new Error('seeded products did not become ACTIVE within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    for (const s of services.values()) await s.stop();
    for (const db of dbs) await db.drop();
  });

  it('when 50 products are listed with brand, price and stock, then each subgraph runs one statement', async () => {
    const counts = await statementsFor(listing(50));
    console.log('SQL statements for a 50-product listing with brand and stock:', counts);
    expect(counts).toEqual({ brands: 1, products: 1, inventory: 1 });
  });

  it('when 12 brands are listed with 5 products each and their stock, then each subgraph still runs one statement', async () => {
    const counts = await statementsFor(
      '{ brands(first: 12) { edges { node { name products(first: 5) { edges { node { sku stock { available } } } } } } } }',
    );
    expect(counts).toEqual({ brands: 1, products: 1, inventory: 1 });
  });

  it('when the page grows from 5 to 100 products, then the statement count stays the same', async () => {
    expect(await statementsFor(listing(5))).toEqual(await statementsFor(listing(100)));
  });
});
