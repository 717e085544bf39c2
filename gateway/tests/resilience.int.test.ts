import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SubgraphService } from '@shopgraph/platform';
import {
  bearerFor,
  createTestDatabase,
  eventually,
  keyPair,
  startService,
  testServiceConfig,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandsService } from '../../services/brands/src/server.ts';
import { startChildSubgraph, type ChildSubgraph } from './support/child-subgraph.ts';
import { post, seriesValue, startGateway, type StartedGateway } from './support/gateway.ts';
import { compose, sdlOf } from './support/subgraphs.ts';

const DEADLINE_MS = 1_000;
const SUBGRAPH_TIMEOUT_MS = 20_000;
const COOLDOWN_MS = 1_500;
// Two root fields, two subgraphs: brands answers, products (a nullable field) may not.
const QUERY = `{ brands(first: 5) { edges { node { slug } } } product(id: "${randomUUID()}") { name } }`;

interface Answer {
  status: number;
  ms: number;
  json: {
    data?: { brands?: unknown; product?: unknown } | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

describe('resilience: one subgraph stopped (SIGSTOP) or down, the other answering', () => {
  let brandsDb: TestDatabase;
  let productsDb: TestDatabase;
  let brands: SubgraphService;
  let products: ChildSubgraph;
  let gw: StartedGateway;

  const ask = async (): Promise<Answer> => {
    const started = performance.now();
    const res = await post(gw.url, { query: QUERY });
    return { ...res, ms: Math.round(performance.now() - started), json: res.json as Answer['json'] };
  };
  const breaker = async () => {
    const text = await gw.metrics();
    const state = (s: string) =>
      seriesValue(text, 'shopgraph_gateway_subgraph_circuit_state', { subgraph: 'products', state: s });
    const entered = (s: string) =>
      seriesValue(text, 'shopgraph_gateway_subgraph_circuit_transitions_total', {
        subgraph: 'products',
        state: s,
      });
    return {
      current: ['closed', 'open', 'half_open'].find((s) => state(s) === 1),
      entered: { open: entered('open'), half_open: entered('half_open'), closed: entered('closed') },
    };
  };
  /** Asks until `done` holds for an answer (the breaker's cool-down is a time, so poll). */
  const askUntil = (done: (a: Answer) => boolean): Promise<Answer> =>
    eventually(
      async () => {
        const a = await ask();
        return done(a) ? a : undefined;
      },
      30_000,
      'the breaker state',
      100,
    );

  beforeAll(async () => {
    [brandsDb, productsDb] = await Promise.all([
      createTestDatabase('gw_res_brands'),
      createTestDatabase('gw_res_products'),
    ]);
    const b = await startService(createBrandsService, testServiceConfig('brands', brandsDb.url));
    brands = b.service;
    products = await startChildSubgraph('products', productsDb.url);
    const supergraph = path.join(mkdtempSync(path.join(tmpdir(), 'resilience-')), 'supergraph.graphql');
    writeFileSync(
      supergraph,
      compose({
        brands: { sdl: sdlOf('brands'), url: b.url },
        products: { sdl: sdlOf('products'), url: products.url },
      }),
    );
    const keys = keyPair();
    gw = await startGateway({
      SUPERGRAPH_PATH: supergraph,
      JWT_PUBLIC_KEY: keys.publicPem,
      GATEWAY_REQUEST_DEADLINE_MS: String(DEADLINE_MS),
      SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
      GATEWAY_BREAKER_FAILURES: '2',
      GATEWAY_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
    });
    const admin = await bearerFor(keys, { role: 'admin', subject: 'resilience-test' });
    await post(
      gw.url,
      {
        query: 'mutation { registerBrand(input: { slug: "ganni", name: "Ganni", country: "DK" }) { slug } }',
      },
      admin,
    );
  });
  afterAll(async () => {
    await gw?.stop();
    await products?.stop();
    await brands?.stop();
    await brandsDb?.drop();
    await productsDb?.drop();
  });

  const brandsData = { edges: [{ node: { slug: 'ganni' } }] };

  it('when both subgraphs answer, then the query has both parts and no error', async () => {
    const a = await ask();
    expect(a.json).toEqual({ data: { brands: brandsData, product: null } });
    expect((await breaker()).current).toBe('closed');
  });

  it('when products is SIGSTOPped, then brands’ data comes back with SUBGRAPH_TIMEOUT naming products, at the request deadline', async () => {
    products.signal('SIGSTOP');
    const a = await ask();
    console.log(
      `stopped subgraph: answered in ${a.ms} ms (deadline ${DEADLINE_MS} ms, subgraph timeout ${SUBGRAPH_TIMEOUT_MS} ms)`,
    );
    expect(a.status).toBe(200);
    expect(a.json.data).toEqual({ brands: brandsData, product: null });
    expect(a.json.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'products' }),
    ]);
    // The deadline, not the 20 s subgraph timeout, ended the wait.
    expect(a.ms).toBeLessThan(SUBGRAPH_TIMEOUT_MS);
  });

  it('when it keeps failing, then the breaker opens and fails fast with SUBGRAPH_UNAVAILABLE; a failed probe opens it again', async () => {
    await ask(); // second consecutive timeout: the circuit opens
    expect((await breaker()).current).toBe('open');
    const fast = await ask();
    console.log(`open circuit: answered in ${fast.ms} ms`);
    expect(fast.json.data).toEqual({ brands: brandsData, product: null });
    expect(fast.json.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'products' }),
    ]);
    // After the cool-down one probe goes; products is still stopped, so it times out and reopens.
    await askUntil((a) => a.json.errors?.[0]?.extensions?.['code'] === 'SUBGRAPH_TIMEOUT');
    const afterProbe = await breaker();
    expect(afterProbe.current).toBe('open');
    expect(afterProbe.entered).toMatchObject({ open: 2, half_open: 1 });
  });

  it('when products resumes (SIGCONT), then after the cool-down the probe succeeds and the breaker closes', async () => {
    products.signal('SIGCONT');
    const a = await askUntil((x) => x.json.errors === undefined);
    expect(a.json).toEqual({ data: { brands: brandsData, product: null } });
    const state = await breaker();
    console.log(`breaker transitions: ${JSON.stringify(state.entered)}`);
    expect(state.current).toBe('closed');
    expect(state.entered).toMatchObject({ open: 2, half_open: 2, closed: 1 });
  });

  it('when products is down (killed), then brands’ data comes back with SUBGRAPH_UNAVAILABLE naming products', async () => {
    products.signal('SIGKILL');
    const a = await askUntil((x) => x.json.errors !== undefined);
    expect(a.status).toBe(200);
    expect(a.json.data).toEqual({ brands: brandsData, product: null });
    expect(a.json.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'products' }),
    ]);
    expect(gw.errorLogs).toEqual([]);
  });
});
