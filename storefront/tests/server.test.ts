import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { createClient } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { ensureBuilt } from '../build.ts';
import { loadStorefrontConfig } from '../server/config.ts';
import { createStorefrontServer, type StorefrontServer } from '../server/server.ts';

// The storefront server on the real build, with a real HTTP server standing in as the gateway.
describe('storefront server', () => {
  let server: StorefrontServer;
  let base: string;
  let gateway: http.Server;
  let seen: { method: string | undefined; auth: string | undefined; body: string }[];

  beforeAll(async () => {
    await ensureBuilt('app');
    seen = [];
    gateway = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, auth: req.headers.authorization, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const gw = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;
    server = createStorefrontServer(
      loadStorefrontConfig({ STOREFRONT_PORT: '0', HOST: '127.0.0.1', GATEWAY_URL: gw }),
    );
    base = (await server.start()).url.replace(/\/$/, '');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => gateway?.close(r));
  });

  it('When a page of the app is asked for, then index.html answers (SPA), uncached, with a CSP', async () => {
    for (const path of ['/', '/orders/123', '/products/abc']) {
      const res = await fetch(base + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  it('When a hashed asset is asked for, then it is served gzipped and immutable; a missing one is 404', async () => {
    const html = await (await fetch(base)).text();
    const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const res = await fetch(base + js, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('javascript');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${base}/assets/../../package.json`)).status).not.toBe(500);
  });

  it('When /graphql is called, then the request goes to the gateway with its headers and body', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      body: '{"query":"{ ok }"}',
    });
    expect(await res.json()).toEqual({ data: { ok: true } });
    expect(seen.at(-1)).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"query":"{ ok }"}' });
  });

  it('When the gateway does not answer, then /graphql is a 502 with a coded JSON error', async () => {
    const down = createStorefrontServer(
      loadStorefrontConfig({
        STOREFRONT_PORT: '0',
        HOST: '127.0.0.1',
        GATEWAY_URL: 'http://127.0.0.1:9/graphql',
      }),
    );
    const url = (await down.start()).url;
    try {
      const res = await fetch(`${url}graphql`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(502);
      expect(
        ((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      ).toBe('GATEWAY_UNAVAILABLE');
    } finally {
      await down.stop();
    }
  });

  it('When probes, metrics or a write to a page arrive, then /healthz, /readyz, /metrics answer and the write is a 405', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect((await fetch(`${base}/`, { method: 'POST' })).status).toBe(405);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/shopgraph_storefront_http_requests_total\{kind="page",code="2xx"\} \d+/);
    expect(metrics).toMatch(/shopgraph_storefront_http_requests_total\{kind="graphql",code="2xx"\} \d+/);
  });

  it('When the config is bad, then loading it fails naming the variable', () => {
    expect(() => loadStorefrontConfig({ STOREFRONT_PORT: 'x' })).toThrow(/STOREFRONT_PORT/);
    expect(() => loadStorefrontConfig({ GATEWAY_URL: 'not a url' })).toThrow(/GATEWAY_URL/);
  });
});

// GraphQL over WebSocket through the storefront server, against a real graphql-ws server
// standing in as the gateway: the upgrade is proxied with its subprotocol and connectionParams.
describe('storefront server: WebSocket upgrades of /graphql', () => {
  let server: StorefrontServer;
  let wsBase: string;
  let gateway: http.Server;
  let wss: WebSocketServer;

  beforeAll(async () => {
    await ensureBuilt('app');
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
      subscription: new GraphQLObjectType({
        name: 'Subscription',
        fields: {
          greetings: {
            type: GraphQLString,
            subscribe: async function* () {
              for (const hi of ['hi', 'hej']) yield { greetings: hi };
            },
          },
        },
      }),
    });
    gateway = http.createServer((_req, res) => res.writeHead(404).end());
    wss = new WebSocketServer({ server: gateway, path: '/graphql' });
    useServer(
      {
        schema,
        // The authorization the storefront's client put in connectionParams, echoed back.
        onConnect: (ctx) => ctx.connectionParams?.['authorization'] === 'Bearer t',
      },
      wss,
    );
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
    const gw = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/graphql`;
    server = createStorefrontServer(
      loadStorefrontConfig({ STOREFRONT_PORT: '0', HOST: '127.0.0.1', GATEWAY_URL: gw }),
    );
    wsBase = (await server.start()).url.replace(/^http/, 'ws').replace(/\/$/, '');
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => wss?.close(r));
    await new Promise((r) => gateway?.close(r));
  });

  const subscribeOnce = (url: string, authorization: string) => {
    const client = createClient({ url, connectionParams: { authorization }, retryAttempts: 0, lazy: true });
    const got: unknown[] = [];
    return new Promise<unknown[]>((resolve, reject) =>
      client.subscribe(
        { query: 'subscription { greetings }' },
        { next: (r) => got.push(r.data), error: reject, complete: () => resolve(got) },
      ),
    ).finally(() => void client.dispose());
  };

  it('When the browser subscribes over /graphql, then the gateway sees the graphql-transport-ws handshake with its token and every payload comes back', async () => {
    expect(await subscribeOnce(`${wsBase}/graphql`, 'Bearer t')).toEqual([
      { greetings: 'hi' },
      { greetings: 'hej' },
    ]);
  });

  it('When the token is refused, the path is not /graphql or the gateway is down, then the socket closes with no payload', async () => {
    await expect(subscribeOnce(`${wsBase}/graphql`, 'Bearer wrong')).rejects.toMatchObject({ code: 4403 });
    await expect(subscribeOnce(`${wsBase}/elsewhere`, 'Bearer t')).rejects.toBeDefined();
    const down = createStorefrontServer(
      loadStorefrontConfig({
        STOREFRONT_PORT: '0',
        HOST: '127.0.0.1',
        GATEWAY_URL: 'http://127.0.0.1:9/graphql',
      }),
    );
    const url = (await down.start()).url.replace(/^http/, 'ws');
    try {
      await expect(subscribeOnce(`${url}graphql`, 'Bearer t')).rejects.toBeDefined();
    } finally {
      await down.stop();
    }
  });
});
