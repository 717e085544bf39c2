import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SubgraphService } from '@shopgraph/platform';
import {
  bearerFor,
  createTestDatabase,
  eventually,
  keyPair,
  ROOT,
  startService,
  testServiceConfig,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandsService } from '../../services/brands/src/server.ts';
import { codes, post, seriesValue, startGateway, type StartedGateway } from './support/gateway.ts';
import { compose, sdlOf } from './support/subgraphs.ts';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
// The committed manifest of loadtest/operations (make compose): BrandList is in it.
const LOADTEST_MANIFEST = path.join(ROOT, 'loadtest/persisted-documents.json');
const BRAND_LIST = readFileSync(path.join(ROOT, 'loadtest/operations/BrandList.graphql'), 'utf8');
const BRAND_NAMES = 'query BrandNames { brands(first: 5) { edges { node { name } } } }';
const UNLISTED = '{ brands(first: 5) { edges { node { slug } } } }';

describe('trusted documents, enforce mode (real brands subgraph, two manifests)', () => {
  let db: TestDatabase;
  let brands: SubgraphService;
  let gw: StartedGateway;
  let guildFile: string;
  const expected = { brands: { edges: [{ node: { name: 'Ganni' } }] } };

  beforeAll(async () => {
    db = await createTestDatabase('gateway_trusted');
    const b = await startService(createBrandsService, testServiceConfig('brands', db.url));
    brands = b.service;
    const dir = mkdtempSync(path.join(tmpdir(), 'trusted-'));
    const supergraph = path.join(dir, 'supergraph.graphql');
    writeFileSync(supergraph, compose({ brands: { sdl: sdlOf('brands'), url: b.url } }));
    guildFile = path.join(dir, 'guild.json');
    writeFileSync(guildFile, JSON.stringify({ 'brand-names-v1': BRAND_NAMES }));
    const keys = keyPair();
    // Registering the brand needs a mutation, which enforce mode would refuse: an allow-mode gateway does it.
    const writer = await startGateway({ SUPERGRAPH_PATH: supergraph, JWT_PUBLIC_KEY: keys.publicPem });
    const admin = await bearerFor(keys, { role: 'admin', subject: 'trusted-test' });
    await post(
      writer.url,
      {
        query: 'mutation { registerBrand(input: { slug: "ganni", name: "Ganni", country: "DK" }) { slug } }',
      },
      admin,
    );
    await writer.stop();
    gw = await startGateway({
      SUPERGRAPH_PATH: supergraph,
      GATEWAY_PERSISTED_DOCUMENTS: `${LOADTEST_MANIFEST},${guildFile}`,
      GATEWAY_PERSISTED_DOCUMENTS_MODE: 'enforce',
    });
  });
  afterAll(async () => {
    await gw?.stop();
    await brands?.stop();
    await db?.drop();
  });

  it('when a listed document is sent by its APQ hash, by documentId or by its exact text, then it runs', async () => {
    const byHash = await post(gw.url, {
      variables: { first: 5 },
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(BRAND_LIST) } },
    });
    expect(byHash.status).toBe(200);
    expect(byHash.json.data).toMatchObject({
      brands: { edges: [{ node: { name: 'Ganni', slug: 'ganni' } }] },
    });
    expect((await post(gw.url, { documentId: 'brand-names-v1' })).json).toEqual({ data: expected });
    expect((await post(gw.url, { query: BRAND_NAMES })).json).toEqual({ data: expected });
  });

  it('when an unlisted document is sent, even one that is not GraphQL, then it is refused unparsed with PERSISTED_QUERY_NOT_IN_LIST', async () => {
    const refusals = async () =>
      seriesValue(await gw.metrics(), 'shopgraph_gateway_operation_refusals_total', {
        reason: 'persisted_not_in_list',
      });
    const before = await refusals();
    for (const body of [
      { query: UNLISTED },
      { query: '{ this is not GraphQL (' }, // parsed, it would be GRAPHQL_PARSE_FAILED
      { query: UNLISTED, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(UNLISTED) } } },
      { documentId: 'no-such-id' },
    ]) {
      const res = await post(gw.url, body);
      expect(res.status).toBe(400);
      expect(codes(res)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    }
    expect(await refusals()).toBe(before + 4);
  });

  it('when a manifest file is replaced, then its new documents run without a restart', async () => {
    const tmp = `${guildFile}.tmp`;
    writeFileSync(tmp, JSON.stringify({ 'brand-names-v1': BRAND_NAMES, 'brand-slugs-v1': UNLISTED }));
    renameSync(tmp, guildFile);
    const res = await eventually(
      async () => {
        const r = await post(gw.url, { documentId: 'brand-slugs-v1' });
        return r.status === 200 ? r : undefined;
      },
      10_000,
      'the reloaded manifest',
    );
    expect(res.json).toEqual({ data: { brands: { edges: [{ node: { slug: 'ganni' } }] } } });
  });

  it('when listed documents ran, then their manifest names are the metrics labels', async () => {
    const text = await gw.metrics();
    expect(
      seriesValue(text, 'shopgraph_graphql_requests_total', { operation: 'BrandList', status: 'ok' }),
    ).toBe(1);
    expect(
      seriesValue(text, 'shopgraph_graphql_requests_total', { operation: 'BrandNames', status: 'ok' }),
    ).toBe(2);
    expect(gw.errorLogs).toEqual([]);
  });
});

describe('automatic persisted queries, allow mode', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'apq-'));
    const supergraph = path.join(dir, 'supergraph.graphql');
    writeFileSync(
      supergraph,
      compose({ brands: { sdl: sdlOf('brands'), url: 'http://127.0.0.1:9/graphql' } }),
    );
    gw = await startGateway({ SUPERGRAPH_PATH: supergraph });
  });
  afterAll(async () => gw?.stop());

  it('when a client sends a hash, then registers it with the text, then the hash alone runs it', async () => {
    const query = '{ __typename }';
    const pq = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const unknown = await post(gw.url, { extensions: pq });
    expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await post(gw.url, { query, extensions: pq })).json).toEqual({ data: { __typename: 'Query' } });
    expect((await post(gw.url, { extensions: pq })).json).toEqual({ data: { __typename: 'Query' } });
  });
});
