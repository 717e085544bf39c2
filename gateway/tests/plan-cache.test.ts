import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { createLogger, createMetrics } from '@shopgraph/platform';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSubgraph, type ServedSubgraph } from '../../bench/gateway/subgraph-server.ts';
import { warmQueryPlans } from '../src/plan-cache.ts';
import { fixtureQueries, fixtureSubgraphs } from './equivalence-fixtures.ts';

// Plans for persisted documents are built when the supergraph loads, under the keys
// @apollo/gateway looks up, and the gateway then executes those very plans.

describe('query plans warmed from the persisted documents', () => {
  const subgraphs: ServedSubgraph[] = [];
  let apollo: ApolloServer;
  let store: { get(key: string): Promise<unknown> };
  const resolved: unknown[] = [];
  const metrics = createMetrics('gateway');
  const named = fixtureQueries.find((q) => /^query \w+/.test(q.query))!;
  const anonymous = fixtureQueries[0]!;
  const documents = new Map([
    ['named', { body: named.query }],
    ['anonymous', { body: anonymous.query }],
  ]);

  beforeAll(async () => {
    const fixtures = fixtureSubgraphs();
    subgraphs.push(...(await Promise.all(fixtures.map((f) => serveSubgraph(f.schema)))));
    const composed = composeServices(
      fixtures.map((f, i) => ({ name: f.name, url: subgraphs[i]!.url, typeDefs: parse(f.sdl) })),
    );
    const gateway = new ApolloGateway({
      supergraphSdl: composed.supergraphSdl!,
      experimental_didResolveQueryPlan: ({ queryPlan }) => void resolved.push(queryPlan),
    });
    warmQueryPlans(
      gateway,
      { current: () => ({ byId: documents }), onChange: () => undefined },
      metrics,
      createLogger('test', 'silent'),
    );
    store = (gateway as unknown as { queryPlanStore: typeof store }).queryPlanStore;
    apollo = new ApolloServer({ gateway });
    await apollo.start();
  });
  afterAll(async () => {
    await apollo.stop();
    await Promise.all(subgraphs.map((s) => s.close()));
  });

  const planned = async () =>
    (
      await metrics.registry.getSingleMetric('shopgraph_gateway_query_plans_warmed_total')?.get()
    )?.values.find((v) => v.labels['outcome'] === 'planned')?.value ?? 0;

  it('when the supergraph has loaded, then every document is planned and its plan is the one executed', async () => {
    await expect.poll(planned).toBe(2);
    const sha256 = (...parts: string[]) =>
      parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex');
    const cases = [
      { query: anonymous.query, key: sha256(anonymous.query) },
      {
        query: named.query,
        variables: named.variables,
        operationName: 'Listing',
        key: sha256(sha256(named.query), 'Listing'),
      },
    ];
    for (const c of cases) {
      // In the cache before any request: built ahead, not by a first request.
      const warmed = await store.get(c.key);
      expect(warmed).toBeDefined();
      resolved.length = 0;
      const res = await apollo.executeOperation({
        query: c.query,
        ...(c.variables ? { variables: c.variables } : {}),
        ...(c.operationName ? { operationName: c.operationName } : {}),
      });
      expect(res.body.kind).toBe('single');
      expect(resolved).toEqual([warmed]);
      expect(resolved[0]).toBe(warmed);
    }
  });
});
