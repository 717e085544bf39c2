import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// GATEWAY_WORKERS=2: two processes behind one port, one /metrics that counts both.

const requestsServed = (metrics: string) =>
  metrics
    .split('\n')
    .filter((l) => l.startsWith('shopgraph_graphql_requests_total{'))
    .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);

describe('gateway workers', () => {
  let primary: ChildProcess;
  let base: string;

  beforeAll(async () => {
    primary = spawn(process.execPath, ['gateway/src/index.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        GATEWAY_WORKERS: '2',
        GATEWAY_PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        SUPERGRAPH_PATH: path.join(ROOT, 'supergraph/supergraph.graphql'),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    // Both workers log "gateway ready" with the port they share.
    base = await new Promise<string>((resolve) => {
      let ready = 0;
      createInterface({ input: primary.stdout! }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'gateway ready' && ++ready === 2) resolve(entry.url!.replace('/graphql', ''));
      });
    });
  });
  afterAll(async () => {
    if (primary.exitCode !== null) return;
    const exited = new Promise((r) => primary.once('exit', r));
    primary.kill('SIGTERM');
    await exited;
  });

  it('when requests are spread over two workers, then one /metrics counts all of them', async () => {
    const N = 40;
    for (let i = 0; i < N; i++) {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(res.status).toBe(200);
      await res.text();
    }
    for (let i = 0; i < 4; i++) {
      const metrics = await (await fetch(`${base}/metrics`, { headers: { connection: 'close' } })).text();
      // Round-robin scheduling gives each worker about half: only the aggregate equals N.
      expect(requestsServed(metrics)).toBe(N);
    }
  });

  it('when the primary gets SIGTERM, then the workers drain and it exits 0', async () => {
    const exited = new Promise<number | null>((r) => primary.once('exit', (code) => r(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
