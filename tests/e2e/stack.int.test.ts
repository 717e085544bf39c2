import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createTestDatabase, gql, ROOT, runScript, type TestDatabase } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The same script `make up` runs, on ports and databases of its own so a developer's running
// stack is untouched: the subgraphs on 14001+, the gateway on 14000.
const PORTS = { GATEWAY_PORT: '14000', BRANDS_PORT: '14001' };

describe('local stack end to end: services.sh starts brands and the gateway', () => {
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await createTestDatabase('e2e_brands');
    env = { ...PORTS, BRANDS_DATABASE_URL: db.url, RUN_DIR: mkdtempSync(path.join(tmpdir(), 'shopgraph-e2e-')) };
    runScript('scripts/stack/services.sh', ['start'], env);
  }, 120_000);
  afterAll(async () => {
    runScript('scripts/stack/services.sh', ['stop'], env);
    await db.drop();
  });

  it('when the stack is up, then the gateway serves the seeded brands', async () => {
    const res = await gql<{ brands: { edges: { node: { name: string; slug: string; country: string } }[] } }>(
      `http://127.0.0.1:${PORTS.GATEWAY_PORT}/graphql`,
      '{ brands(first: 3) { edges { node { name slug country } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.brands.edges.map((e) => e.node)).toEqual([
      { name: 'Acne Studios', slug: 'acne-studios', country: 'SE' },
      { name: 'Ganni', slug: 'ganni', country: 'DK' },
      { name: 'COS', slug: 'cos', country: 'GB' },
    ]);
  });

  it('when the gateway is asked for health, readiness and metrics, then each answers', async () => {
    const base = `http://127.0.0.1:${PORTS.GATEWAY_PORT}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${base}/readyz`)).text()).toBe('ready\n');
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('shopgraph_graphql_requests_total');
  });

  it('when a service is started with a bad config value, then it exits 1 naming the variable', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'services/brands/src/index.ts')], {
      env: { ...process.env, BRANDS_PORT: 'eighty', SHUTDOWN_TIMEOUT_MS: '-5' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('BRANDS_PORT="eighty" is invalid: expected a TCP port number 0-65535');
    expect(run.stderr).toContain('SHUTDOWN_TIMEOUT_MS="-5" is invalid: expected an integer from 0 to 600000');
  });
});
