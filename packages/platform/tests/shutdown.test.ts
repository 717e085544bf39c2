import { ApolloServer } from '@apollo/server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHttpServer,
  createLogger,
  createMetrics,
  metricsPlugin,
  type HttpServer,
} from '../src/index.ts';

const typeDefs = 'type Query { slow(ms: Int!): String! }';
const resolvers = {
  Query: {
    slow: async (_: unknown, { ms }: { ms: number }) =>
      new Promise((r) => setTimeout(() => r(`slept ${ms}`), ms)),
  },
};

async function startServer(): Promise<{ http: HttpServer; url: string }> {
  const metrics = createMetrics('test');
  const apollo = new ApolloServer({
    typeDefs,
    resolvers,
    plugins: [metricsPlugin(metrics)],
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    context: async () => ({}),
    readiness: [],
    metrics,
    logger: createLogger('test', 'silent'),
  });
  const { port } = await http.listen(0, '127.0.0.1');
  return { http, url: `http://127.0.0.1:${port}` };
}

const query = (url: string, ms: number) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ slow(ms: ${ms}) }` }),
  });

describe('graceful shutdown', () => {
  let running: HttpServer | undefined;
  afterEach(async () => running?.close(0));

  it('when closing with a request in flight, then that request finishes and new ones are refused', async () => {
    const { http, url } = await startServer();
    running = http;
    const inFlight = query(url, 300);
    await new Promise((r) => setTimeout(r, 50));
    const closed = http.close(5_000);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { slow: 'slept 300' } });
    await closed;
    await expect(query(url, 1)).rejects.toThrow();
  });

  it('when a request outlives the deadline, then close returns at the deadline', async () => {
    const { http, url } = await startServer();
    running = http;
    const inFlight = query(url, 5_000).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await http.close(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await inFlight).toBeInstanceOf(Error);
  });

  it('serves /healthz, /readyz and /metrics beside /graphql, echoing the request id', async () => {
    const { http, url } = await startServer();
    running = http;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    await query(url, 1);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(
      /shopgraph_graphql_requests_total\{operation="anonymous",status="ok",service="test"\} 1/,
    );
    expect(metrics).toContain('process_resident_memory_bytes');
    const res = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
  });
});
