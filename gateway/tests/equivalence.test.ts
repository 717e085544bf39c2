import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { loadConfig } from '@shopgraph/platform';
import { gql, type GraphQLResponse } from '@shopgraph/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSubgraph, type ServedSubgraph } from '../../bench/gateway/subgraph-server.ts';
import { configSpec } from '../src/config.ts';
import { createGateway, type GatewayService } from '../src/server.ts';
import { fixtureQueries, fixtureSubgraphs } from './equivalence-fixtures.ts';

// Every speed optimisation of the fetch path (undici pools, in-flight deduplication of
// subgraph fetches and of inbound operations, deduplicated representations) must answer
// exactly what plain @apollo/gateway answers: the same data, and errors at the same paths.

const COPIES = 4; // concurrent identical requests, so that the in-flight deduplication joins

/** What must be equal: data, and each error's path (messages may be masked differently). */
function shape(res: GraphQLResponse<unknown>) {
  const paths = (res.errors ?? []).map((e) => JSON.stringify(e.path ?? null)).sort();
  return { status: res.status, data: res.data, errorPaths: paths };
}

describe('response equivalence of the optimised fetch path with plain @apollo/gateway', () => {
  const subgraphs: ServedSubgraph[] = [];
  let stock: ApolloServer;
  let stockUrl: string;
  const optimised: Record<string, { gateway: GatewayService; url: string }> = {};

  const variants = {
    'every optimisation on': {},
    'pools without any deduplication': {
      GATEWAY_DEDUP_FETCHES: 'false',
      GATEWAY_DEDUP_REPRESENTATIONS: 'false',
      GATEWAY_DEDUP_REQUESTS: 'false',
    },
    'only subgraph fetch and representation deduplication': { GATEWAY_DEDUP_REQUESTS: 'false' },
    // The fixtures as persisted documents: their plans are built at load (plan-cache.ts).
    'every optimisation on and plans warmed from the manifest': { GATEWAY_PERSISTED_DOCUMENTS: '<manifest>' },
  } satisfies Record<string, Record<string, string>>;

  beforeAll(async () => {
    const fixtures = fixtureSubgraphs();
    const served = await Promise.all(fixtures.map((f) => serveSubgraph(f.schema)));
    subgraphs.push(...served);
    const composed = composeServices(
      fixtures.map((f, i) => ({ name: f.name, url: served[i]!.url, typeDefs: parse(f.sdl) })),
    );
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const supergraphPath = path.join(mkdtempSync(path.join(tmpdir(), 'equivalence-')), 'supergraph.graphql');
    writeFileSync(supergraphPath, composed.supergraphSdl);
    const manifestPath = path.join(path.dirname(supergraphPath), 'manifest.json');
    writeFileSync(
      manifestPath,
      JSON.stringify(Object.fromEntries(fixtureQueries.map((q, i) => [`doc${i}`, q.query]))),
    );

    stock = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: composed.supergraphSdl }) });
    stockUrl = (await startStandaloneServer(stock, { listen: { port: 0, host: '127.0.0.1' } })).url;

    for (const [name, env] of Object.entries(variants)) {
      const gateway = createGateway(
        loadConfig(configSpec, {
          GATEWAY_PORT: '0',
          HOST: '127.0.0.1',
          SUPERGRAPH_PATH: supergraphPath,
          LOG_LEVEL: 'silent',
          // The fixtures' nested listings are costly by design; the limits are not compared here.
          GATEWAY_MAX_COST: '0',
          ...Object.fromEntries(
            Object.entries(env).map(([k, v]) => [k, v === '<manifest>' ? manifestPath : v]),
          ),
        }),
      );
      optimised[name] = { gateway, url: (await gateway.start()).url };
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(optimised).map((o) => o.gateway.stop()));
    await stock?.stop();
    await Promise.all(subgraphs.map((s) => s.close()));
  });

  it('when the fixtures are queried, then they cover data and errors (the comparison is not vacuous)', async () => {
    const answers = await Promise.all(fixtureQueries.map((q) => gql(stockUrl, q.query, q.variables)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(answers.filter((a) => a.data != null).length).toBeGreaterThan(10);
    expect(
      answers.filter((a) => (a.errors ?? []).some((e) => (e.path ?? []).length > 2)).length,
    ).toBeGreaterThan(3);
  });

  for (const variant of Object.keys(variants)) {
    for (const q of fixtureQueries) {
      it(`when ${variant}, then "${q.name}" answers what stock answers`, async () => {
        const reference = shape(await gql(stockUrl, q.query, q.variables));
        const answers = await Promise.all(
          Array.from({ length: COPIES }, () => gql(optimised[variant]!.url, q.query, q.variables)),
        );
        for (const answer of answers) expect(shape(answer)).toEqual(reference);
      });
    }
  }

  it('when identical requests arrive together, then subgraph calls are shared and representations sent once', async () => {
    const before = subgraphs.map((s) => s.requests());
    const q = fixtureQueries[0]!;
    await Promise.all(
      Array.from({ length: COPIES }, () => gql(optimised['every optimisation on']!.url, q.query)),
    );
    const optimisedCalls = subgraphs.reduce((n, s, i) => n + s.requests() - before[i]!, 0);
    const mid = subgraphs.map((s) => s.requests());
    await Promise.all(Array.from({ length: COPIES }, () => gql(stockUrl, q.query)));
    const stockCalls = subgraphs.reduce((n, s, i) => n + s.requests() - mid[i]!, 0);
    expect(optimisedCalls).toBeLessThan(stockCalls);
    const metrics = await (
      await fetch(optimised['every optimisation on']!.url.replace('/graphql', '/metrics'))
    ).text();
    expect(metrics).toMatch(/shopgraph_gateway_executions_total\{shared="true"[^}]*\} [1-9]/);
  });

  it('when a manifest is configured, then every fixture was planned ahead', async () => {
    const url = optimised['every optimisation on and plans warmed from the manifest']!.url;
    const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(
      new RegExp(
        `shopgraph_gateway_query_plans_warmed_total\\{outcome="planned"[^}]*\\} ${fixtureQueries.length}\\b`,
      ),
    );
  });
});
