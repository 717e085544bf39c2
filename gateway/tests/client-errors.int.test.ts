import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SubgraphService } from '@shopgraph/platform';
import {
  bearerFor,
  createTestDatabase,
  keyPair,
  startService,
  testServiceConfig,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandsService } from '../../services/brands/src/server.ts';
import { codes, post, seriesValue, startGateway, type StartedGateway } from './support/gateway.ts';
import { compose, sdlOf } from './support/subgraphs.ts';

const register = (slug: string) =>
  `mutation { registerBrand(input: { slug: "${slug}", name: "N", country: "DK" }) { slug } }`;

describe('bad input through the gateway (real brands subgraph)', () => {
  let db: TestDatabase;
  let brands: SubgraphService;
  let gw: StartedGateway;
  let admin: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('gateway_bad_input');
    const started = await startService(createBrandsService, testServiceConfig('brands', db.url));
    brands = started.service;
    const supergraph = path.join(mkdtempSync(path.join(tmpdir(), 'bad-input-')), 'supergraph.graphql');
    writeFileSync(supergraph, compose({ brands: { sdl: sdlOf('brands'), url: started.url } }));
    const keys = keyPair();
    gw = await startGateway({ SUPERGRAPH_PATH: supergraph, JWT_PUBLIC_KEY: keys.publicPem });
    admin = await bearerFor(keys, { role: 'admin', subject: 'bad-input-test' });
  });
  afterAll(async () => {
    await gw?.stop();
    await brands?.stop();
    await db?.drop();
  });

  const cases: [
    string,
    () => Promise<{ status: number; json: { errors?: { extensions?: Record<string, unknown> }[] } }>,
    number,
    string | undefined,
  ][] = [
    [
      'a NUL byte in a variable',
      () =>
        post(
          gw.url,
          {
            query:
              'mutation($n: String!) { registerBrand(input: { slug: "nul", name: $n, country: "DK" }) { slug } }',
            variables: { n: 'a\u0000b' },
          },
          admin,
        ),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a NUL byte in the document',
      () => post(gw.url, { query: register('nul\u0000') }, admin),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a NUL escaped in a string literal of the document',
      () => post(gw.url, { query: register('nul\\u0000') }, admin),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'an APQ hash that does not match the text',
      () =>
        post(
          gw.url,
          {
            query: register('apq'),
            extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } },
          },
          admin,
        ),
      400,
      'PERSISTED_QUERY_HASH_MISMATCH',
    ],
    [
      'an unsupported persisted query version',
      () =>
        post(
          gw.url,
          { query: register('apq'), extensions: { persistedQuery: { version: 2, sha256Hash: 'x' } } },
          admin,
        ),
      400,
      'BAD_REQUEST',
    ],
    [
      'a variable of the wrong type',
      () =>
        post(gw.url, {
          query: 'query($f: Int!) { brands(first: $f) { edges { node { slug } } } }',
          variables: { f: 'ten' },
        }),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'a missing required variable',
      () => post(gw.url, { query: 'query($f: Int!) { brands(first: $f) { edges { node { slug } } } }' }),
      400,
      'BAD_USER_INPUT',
    ],
    [
      'variables that are not an object',
      () => post(gw.url, { query: '{ __typename }', variables: 7 }),
      400,
      'BAD_REQUEST',
    ],
    ['a body that is not JSON', () => post(gw.url, '{"query": '), 400, undefined],
    ['no query at all', () => post(gw.url, { variables: {} }), 400, 'BAD_REQUEST'],
    ['a syntax error', () => post(gw.url, { query: '{ brands(first: 1) { ' }), 400, 'GRAPHQL_PARSE_FAILED'],
    [
      'an unknown field',
      () => post(gw.url, { query: '{ brandz { slug } }' }),
      400,
      'GRAPHQL_VALIDATION_FAILED',
    ],
    [
      'an unknown operation name',
      () => post(gw.url, { query: '{ __typename }', operationName: 'Nope' }),
      400,
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'a mutation over GET',
      async () => {
        const r = await fetch(`${gw.url}?query=${encodeURIComponent(register('get'))}`, {
          headers: { 'apollo-require-preflight': 'true' },
        });
        return { status: r.status, json: (await r.json()) as never };
      },
      405,
      'BAD_REQUEST',
    ],
    [
      'too many aliased mutations',
      () =>
        post(
          gw.url,
          {
            query: `mutation { ${Array.from({ length: 20 }, (_, i) => `a${i}: registerBrand(input: { slug: "alias${i}", name: "N", country: "DK" }) { slug }`).join(' ')} }`,
          },
          admin,
        ),
      400,
      'TOO_MANY_ALIASES',
    ],
    [
      'a batch of operations',
      () => post(gw.url, [{ query: '{ __typename }' }, { query: '{ __typename }' }]),
      400,
      'BAD_REQUEST',
    ],
    [
      'a form-encoded POST (a cross-site request)',
      async () => {
        const r = await fetch(gw.url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ query: register('csrf') }),
        });
        return { status: r.status, json: (await r.json()) as never };
      },
      400,
      'BAD_REQUEST',
    ],
    [
      'a body over the 1 MiB limit',
      () => post(gw.url, { query: `{ __typename } # ${'x'.repeat(1_100_000)}` }),
      413,
      undefined,
    ],
  ];

  it.each(cases.map(([what, send, status, code]) => ({ what, send, status, code: code ?? '-' })))(
    'when a client sends $what, then it gets HTTP $status ($code)',
    async ({ send, status, code }) => {
      const res = await send();
      expect(res.status).toBe(status);
      if (code !== '-') expect(codes(res)).toContain(code);
    },
  );

  it('when all of those were sent, then nothing was written and nothing was logged as an error', async () => {
    const res = await post(gw.url, { query: '{ brands(first: 100) { edges { node { slug } } } }' });
    expect(res.json).toEqual({ data: { brands: { edges: [] } } });
    expect(gw.errorLogs).toEqual([]);
    const metrics = await gw.metrics();
    expect(seriesValue(metrics, 'shopgraph_gateway_operation_refusals_total', { reason: 'nul_byte' })).toBe(
      3,
    );
    expect(seriesValue(metrics, 'shopgraph_gateway_operation_refusals_total', { reason: 'aliases' })).toBe(1);
  });
});
