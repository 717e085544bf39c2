import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { gql, ROOT, startTestStack, type TestStack } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The same script `make up` runs, on ports (14000+), databases and a Kafka namespace of its own,
// so a developer's running stack is untouched.
describe('local stack end to end: services.sh starts every service and the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startTestStack({ name: 'stack', basePort: 14000 });
  }, 180_000);
  afterAll(async () => stack?.stop());

  it('when the stack is up, then the gateway serves the seeded brands', async () => {
    const res = await gql<{ brands: { edges: { node: { name: string; slug: string; country: string } }[] } }>(
      stack.gateway,
      '{ brands(first: 3) { edges { node { name slug country } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.brands.edges.map((e) => e.node)).toEqual([
      { name: 'Acne Studios', slug: 'acne-studios', country: 'SE' },
      { name: 'Ganni', slug: 'ganni', country: 'DK' },
      { name: 'COS', slug: 'cos', country: 'GB' },
    ]);
  });

  it('when every workload is asked for health, readiness and metrics, then each answers', async () => {
    for (const port of [14000, ...stack.services.map((_, i) => 14001 + i)]) {
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).text()).toBe('ready\n');
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('process_resident_memory_bytes');
    }
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
