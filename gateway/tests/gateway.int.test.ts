import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { loadConfig, type SubgraphService } from '@shopgraph/platform';
import {
  bearerFor,
  createTestDatabase,
  eventually,
  errorCodes,
  gql,
  IDENTITY_KEYS_ENV,
  keyPair,
  ROOT,
  startService,
  testServiceConfig,
  type TestDatabase,
} from '@shopgraph/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandsService } from '../../services/brands/src/server.ts';
import { configSpec } from '../src/config.ts';
import { createGateway, type GatewayService } from '../src/server.ts';

const brandsSdl = readFileSync(path.join(ROOT, 'services/brands/schema.graphql'), 'utf8');

function compose(sdl: string, url: string): string {
  const result = composeServices([{ name: 'brands', url, typeDefs: parse(sdl) }]);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

describe('gateway (real brands subgraph, supergraph from a file)', () => {
  let db: TestDatabase;
  let brands: SubgraphService;
  let gateway: GatewayService;
  let url: string;
  let supergraphPath: string;
  let brandsUrl: string;
  const keys = keyPair();
  let admin: { authorization: string };

  beforeAll(async () => {
    db = await createTestDatabase('gateway');
    ({ service: brands, url: brandsUrl } = await startService(
      createBrandsService,
      testServiceConfig('brands', db.url),
    ));
    supergraphPath = path.join(mkdtempSync(path.join(tmpdir(), 'supergraph-')), 'supergraph.graphql');
    writeFileSync(supergraphPath, compose(brandsSdl, brandsUrl));
    gateway = createGateway(
      loadConfig(configSpec, {
        GATEWAY_PORT: '0',
        HOST: '127.0.0.1',
        SUPERGRAPH_PATH: supergraphPath,
        LOG_LEVEL: 'silent',
        JWT_PUBLIC_KEY: keys.publicPem,
        ...IDENTITY_KEYS_ENV,
      }),
    );
    admin = await bearerFor(keys, { role: 'admin', subject: 'gateway-test' });
    url = (await gateway.start()).url;
  });
  afterAll(async () => {
    await gateway.stop();
    await brands.stop().catch(() => undefined);
    await db.drop();
  });

  it('when the supergraph is loaded, then /readyz is 200 and a mutation and a query go through', async () => {
    expect((await fetch(url.replace('/graphql', '/readyz'))).status).toBe(200);
    const register =
      'mutation { registerBrand(input: { slug: "ganni", name: "Ganni", country: "DK" }) { slug } }';
    // Without a token the subgraph sees an anonymous caller: the gateway passed no identity.
    expect(errorCodes(await gql(url, register))).toEqual(['UNAUTHENTICATED']);
    const created = await gql(url, register, {}, admin);
    expect(created).toMatchObject({ data: { registerBrand: { slug: 'ganni' } } });
    const read = await gql(url, '{ brands(first: 5) { edges { node { name country } } } }');
    expect(read.data).toEqual({ brands: { edges: [{ node: { name: 'Ganni', country: 'DK' } }] } });
  });

  it('when a subgraph error is coded, then the client gets the code through the gateway', async () => {
    const res = await gql(
      url,
      'mutation { registerBrand(input: { slug: "ganni", name: "Again", country: "DK" }) { slug } }',
      {},
      admin,
    );
    expect(res.errors?.[0]?.extensions?.['code']).toBe('CONFLICT');
  });

  it('when the supergraph file changes, then the gateway serves the new schema without a restart', async () => {
    const fieldsOfBrand = async () => {
      const res = await gql<{ __type: { fields: { name: string }[] } }>(
        url,
        '{ __type(name: "Brand") { fields { name } } }',
      );
      return res.data!.__type.fields.map((f) => f.name);
    };
    expect(await fieldsOfBrand()).not.toContain('tagline');
    const extended = brandsSdl.replace('  website: String\n', '  website: String\n  tagline: String\n');
    writeFileSync(supergraphPath, compose(extended, brandsUrl));
    await eventually(async () => (await fieldsOfBrand()).includes('tagline'), 10_000, 'the new schema');
  });

  it('when a subgraph is down, then the gateway answers with an error instead of failing', async () => {
    await brands.stop();
    const res = await gql(url, '{ brands(first: 1) { edges { node { name } } } }');
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.length).toBeGreaterThan(0);
    expect((await fetch(url.replace('/graphql', '/healthz'))).status).toBe(200);
  });
});
