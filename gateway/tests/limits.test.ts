import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { getIntrospectionQuery, parse } from 'graphql';
import { ROOT } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost } from '../src/limits/list-size-cost.ts';
import {
  closedPort,
  codes,
  post,
  seriesValue,
  startGateway,
  type StartedGateway,
} from './support/gateway.ts';
import { sampleVariables, shippedOperations } from './support/operations.ts';

const SUPERGRAPH = path.join(ROOT, 'supergraph/supergraph.graphql');
const schema = Supergraph.build(readFileSync(SUPERGRAPH, 'utf8')).apiSchema().toGraphQLJSSchema();
const SUBGRAPHS = ['brands', 'products', 'inventory', 'customers', 'orders', 'payments', 'fulfillment'];

/** products(first: n) → brand → products(first: n) …, `levels` deep: the issue's listing attack. */
function nestedListing(levels: number, first: number | string): string {
  let inner = 'name';
  for (let i = 0; i < levels; i++)
    inner = `products(first: ${first}) { edges { node { name brand { ${inner} } } } }`;
  return `{ ${inner} }`;
}

describe('list-size cost estimate', () => {
  it('when the listing attack nests deeper, then its cost grows ~100× a level, while the shipped operations stay far below the limit', () => {
    const cost = (query: string, variables: Record<string, unknown> = {}) =>
      operationCost(schema, parse(query), variables, undefined, { defaultListSize: 20 });
    const attack = [1, 2, 3].map((levels) => cost(nestedListing(levels, 100)));
    const shipped = shippedOperations().map(
      ([name, q]) => [name, cost(q, sampleVariables(schema, q, 100))] as const,
    );
    console.log(`cost of products(first:100)→brand→products nested 1/2/3 levels: ${attack.join(' / ')}`);
    console.log(
      `cost of shipped operations at first=100: ${shipped.map(([n, c]) => `${n} ${c}`).join(', ')}`,
    );
    expect(attack[1]! / attack[0]!).toBeGreaterThan(50);
    expect(attack[1]).toBeGreaterThan(5_000); // the default GATEWAY_MAX_COST
    for (const [, c] of shipped) expect(c).toBeLessThanOrEqual(5_000);
    expect(cost(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }))).toBe(0);
  });
});

// Every subgraph URL points at a closed port: whatever reaches planning and fetching answers
// SUBGRAPH_UNAVAILABLE, so a limit's own code proves the operation was refused before that.
describe('operation limits (gateway on the committed supergraph, no subgraph reachable)', () => {
  let gw: StartedGateway;
  beforeAll(async () => {
    const port = await closedPort();
    const urls = Object.fromEntries(
      SUBGRAPHS.map((s) => [`SUBGRAPH_${s.toUpperCase()}_URL`, `http://127.0.0.1:${port}/graphql`]),
    );
    Object.assign(process.env, urls);
    gw = await startGateway({ SUPERGRAPH_PATH: SUPERGRAPH, GRAPHQL_INTROSPECTION: 'false' });
  });
  afterAll(async () => gw.stop());

  const refusals = async (reason: string) =>
    seriesValue(await gw.metrics(), 'shopgraph_gateway_operation_refusals_total', { reason });

  it.each([
    ['depth', 'OPERATION_TOO_DEEP', nestedListing(3, 1), undefined],
    [
      'aliases',
      'TOO_MANY_ALIASES',
      `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: brand(id: "x") { name }`).join(' ')} }`,
      undefined,
    ],
    ['directives', 'TOO_MANY_DIRECTIVES', `{ ${'__typename @include(if: true) '.repeat(60)} }`, undefined],
    // A syntax error after the limit: lexing stopped before it, nothing was parsed.
    ['tokens', 'TOO_MANY_TOKENS', `{ ${'__typename '.repeat(3_000)} !!! `, undefined],
    [
      'cost',
      'OPERATION_TOO_COSTLY',
      `{ products(first: 100) { edges { node { brand { products(first: 100) { edges { node { name } } } } } } } }`,
      undefined,
    ],
    [
      'cost',
      'OPERATION_TOO_COSTLY',
      'query($n: Int!) { products(first: $n) { edges { node { brand { products(first: $n) { edges { node { name } } } } } } } }',
      { n: 100 },
    ],
  ])(
    'when an operation breaks the %s limit, then it gets %s with HTTP 400 and is counted',
    async (reason, code, query, variables) => {
      const before = await refusals(reason);
      const res = await post(gw.url, { query, variables });
      expect(res.status).toBe(400);
      expect(codes(res)).toContain(code);
      expect(codes(res)).not.toContain('SUBGRAPH_UNAVAILABLE');
      expect(await refusals(reason)).toBe(before + 1);
    },
  );

  it('when the storefront and load test operations ask for the largest pages, then no limit refuses them', async () => {
    const operations = shippedOperations();
    expect(operations.length).toBeGreaterThanOrEqual(2);
    for (const [name, query] of operations) {
      const res = await post(gw.url, { query, variables: sampleVariables(schema, query, 100) });
      const refused = codes(res).filter((c) => String(c).match(/TOO_|COSTLY|GRAPHQL_|BAD_USER_INPUT/));
      expect({ name, refused }).toEqual({ name, refused: [] });
    }
  });

  it('when a field name is misspelled and introspection is off, then the error suggests no field', async () => {
    const res = await post(gw.url, { query: '{ prodcts(first: 1) { edges { node { name } } } }' });
    expect(res.status).toBe(400);
    expect(res.json.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it(
    'when 10,000 requests carry random operation names, then /metrics keeps a bounded number of series',
    { timeout: 120_000 },
    async () => {
      const seriesOf = (text: string) =>
        text.split('\n').filter((l) => l.startsWith('shopgraph_graphql_requests_total{')).length;
      const before = seriesOf(await gw.metrics());
      let sent = 0;
      const worker = async () => {
        while (sent < 10_000) {
          sent++;
          const name = `Op${Math.random().toString(36).slice(2)}`;
          await post(gw.url, { query: `query ${name} { __typename }`, operationName: name });
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      const text = await gw.metrics();
      const after = seriesOf(text);
      console.log(
        `requests_total series: ${before} before, ${after} after 10000 random names; /metrics ${text.length} bytes`,
      );
      // 100 admitted names (GATEWAY_METRICS_MAX_OPERATIONS) + other/invalid, × status ok|error.
      expect(after).toBeLessThanOrEqual(2 * (100 + 2));
      expect(seriesValue(text, 'shopgraph_graphql_requests_total', { operation: 'other' })).toBeGreaterThan(
        9_000,
      );
    },
  );
});
