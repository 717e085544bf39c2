import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '@shopgraph/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../storefront/build.ts';
import { configSpec } from '../src/config.ts';
import { GRAPHIQL_DIST } from '../src/graphiql.ts';
import { createGateway, type GatewayService } from '../src/server.ts';

// The real gateway (committed supergraph, no subgraph needed for these requests), started once
// as in development and once with NODE_ENV=production.

async function startGateway(nodeEnv: string): Promise<{ gateway: GatewayService; base: string }> {
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = nodeEnv;
  try {
    const gateway = createGateway(
      loadConfig(configSpec, { GATEWAY_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }),
    );
    const { port } = await gateway.start();
    return { gateway, base: `http://127.0.0.1:${port}` };
  } finally {
    process.env['NODE_ENV'] = previous;
  }
}

const html = { accept: 'text/html,application/xhtml+xml' };

describe('GraphiQL at the gateway', () => {
  let dev: { gateway: GatewayService; base: string };
  let prod: { gateway: GatewayService; base: string };

  beforeAll(async () => {
    await ensureBuilt('graphiql');
    dev = await startGateway('development');
    prod = await startGateway('production');
  }, 120_000);
  afterAll(async () => {
    await dev?.gateway.stop();
    await prod?.gateway.stop();
  });

  it('When a browser opens / or /graphql in development, then it gets GraphiQL and its bundle from the gateway', async () => {
    expect(existsSync(path.join(GRAPHIQL_DIST, 'index.html'))).toBe(true);
    for (const page of ['/', '/graphql']) {
      const res = await fetch(dev.base + page, { headers: html });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const body = await res.text();
      expect(body).toContain('GraphiQL');
      const scripts = [...body.matchAll(/src="(\/graphiql\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
      expect(scripts.length).toBeGreaterThan(0);
      for (const src of scripts) {
        const asset = await fetch(dev.base + src);
        expect(asset.status).toBe(200);
        expect(asset.headers.get('content-type')).toContain('javascript');
        expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    }
  });

  it('When GraphiQL is on, then GraphQL requests (POST, and GET with ?query=) still reach the gateway', async () => {
    const post = await fetch(`${dev.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    // The GraphQL answer itself belongs to the gateway's tests; here: JSON from Apollo, not the IDE.
    expect(post.headers.get('content-type')).toContain('application/json');
    expect(Object.keys((await post.json()) as object)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(data|errors)$/)]),
    );
    const get = await fetch(`${dev.base}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { ...html, 'apollo-require-preflight': 'true' },
    });
    expect(get.headers.get('content-type')).toContain('application/json');
    expect(Object.keys((await get.json()) as object)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(data|errors)$/)]),
    );
  });

  it('When an asset path does not exist, then it is a 404, not a file read', async () => {
    for (const p of [
      '/graphiql/assets/nope.js',
      '/graphiql/../package.json',
      '/graphiql/%2e%2e/package.json',
    ]) {
      expect((await fetch(dev.base + p)).status).toBe(404);
    }
  });

  it('When NODE_ENV=production, then there is no IDE: / is 404 and /graphql answers JSON, not HTML', async () => {
    const root = await fetch(`${prod.base}/`, { headers: html });
    expect(root.status).toBe(404);
    const graphql = await fetch(`${prod.base}/graphql`, { headers: html });
    expect(graphql.status).toBeGreaterThanOrEqual(400);
    expect(graphql.status).toBeLessThan(500);
    expect(graphql.headers.get('content-type') ?? '').not.toContain('text/html');
    expect(await graphql.text()).not.toContain('GraphiQL');
    expect((await fetch(`${prod.base}/graphiql/index.html`)).status).toBe(404);
  });
});
