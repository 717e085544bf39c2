// How `make bench-gateway` starts each gateway: one process pinned to GATEWAY_CPU with
// taskset, NODE_ENV=production, on a supergraph file, listening on 127.0.0.1:<port>.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const HIVE = path.join(ROOT, 'bench/gateway/hive');
const HIVE_BIN = path.join(HIVE, 'node_modules/@graphql-hive/gateway/dist/bin.js');

export type GatewayKind =
  | 'stock'
  | 'shopgraph'
  | 'shopgraph-no-inbound-dedup'
  | 'shopgraph-plain-fetch'
  | 'shopgraph-guards-off'
  | 'shopgraph-2-workers'
  | 'hive'
  | 'hive-rust';

export const GATEWAY_LABELS: Record<GatewayKind, string> = {
  stock: 'stock @apollo/gateway',
  shopgraph: 'shopgraph gateway',
  'shopgraph-no-inbound-dedup': 'shopgraph, inbound dedup off',
  'shopgraph-plain-fetch': 'shopgraph, stock fetch path (no pool, no dedup)',
  'shopgraph-guards-off': 'shopgraph, limits + trusted documents + request metrics off',
  'shopgraph-2-workers': 'shopgraph, GATEWAY_WORKERS=2 on 2 cores',
  hive: 'Hive Gateway (JS)',
  'hive-rust': 'Hive Gateway + Rust planner',
};

/** The shopgraph variants: the same gateway with some switches of gateway/src/config.ts. */
const SHOPGRAPH_VARIANTS: Partial<Record<GatewayKind, NodeJS.ProcessEnv>> = {
  shopgraph: {},
  'shopgraph-no-inbound-dedup': { GATEWAY_DEDUP_REQUESTS: 'false' },
  'shopgraph-plain-fetch': { GATEWAY_FETCH_POOL: 'false', GATEWAY_DEDUP_REQUESTS: 'false' },
  'shopgraph-guards-off': {
    GATEWAY_OPERATION_LIMITS: 'false',
    GATEWAY_REQUEST_METRICS: 'false',
    GATEWAY_PERSISTED_DOCUMENTS_MODE: 'off',
    GATEWAY_APQ: 'false',
  },
  'shopgraph-2-workers': { GATEWAY_WORKERS: '2' },
};

/** CPUs a gateway kind is pinned to (the 2-worker variant gets both). */
export const cpusFor = (kind: GatewayKind, cpu: string) => (kind === 'shopgraph-2-workers' ? '0,1' : cpu);

export const hiveInstalled = () => existsSync(HIVE_BIN);

export interface RunningGateway {
  readonly kind: GatewayKind;
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

function command(
  kind: GatewayKind,
  supergraph: string,
  port: number,
  shopgraphEnv: NodeJS.ProcessEnv,
): { args: string[]; env: NodeJS.ProcessEnv; cwd: string } {
  const base = { NODE_ENV: 'production', PORT: String(port) };
  switch (kind) {
    case 'stock':
      return {
        args: ['bench/gateway/stock-gateway.ts'],
        env: { ...base, SUPERGRAPH_PATH: supergraph },
        cwd: ROOT,
      };
    case 'shopgraph':
    case 'shopgraph-no-inbound-dedup':
    case 'shopgraph-plain-fetch':
    case 'shopgraph-guards-off':
    case 'shopgraph-2-workers':
      return {
        args: ['gateway/src/index.ts'],
        env: {
          ...base,
          GATEWAY_PORT: String(port),
          HOST: '127.0.0.1',
          SUPERGRAPH_PATH: supergraph,
          LOG_LEVEL: 'warn',
          GATEWAY_WORKERS: '1',
          ...shopgraphEnv,
          ...SHOPGRAPH_VARIANTS[kind],
          ...Object.fromEntries(
            Object.entries(process.env)
              .filter(([k]) => k.startsWith('BENCH_SHOPGRAPH_'))
              .map(([k, v]) => [k.slice('BENCH_SHOPGRAPH_'.length), v]),
          ),
        },
        cwd: ROOT,
      };
    case 'hive':
    case 'hive-rust':
      return {
        args: [
          HIVE_BIN,
          'supergraph',
          supergraph,
          '--port',
          String(port),
          '--host',
          '127.0.0.1',
          '--fork',
          '1',
          '-c',
          path.join(HIVE, 'gateway.config.ts'),
          ...(kind === 'hive' ? ['--jit'] : ['--hive-router-runtime']),
        ],
        env: base,
        cwd: HIVE,
      };
  }
}

/** Starts one gateway and waits until it answers `probe` with 200. */
export async function startGateway(
  kind: GatewayKind,
  supergraph: string,
  port: number,
  cpu: string,
  probe: string,
  shopgraphEnv: NodeJS.ProcessEnv = {},
): Promise<RunningGateway> {
  const { args, env, cwd } = command(kind, supergraph, port, shopgraphEnv);
  // CPU_PROF=<kind>: that gateway writes a V8 CPU profile (bench/gateway/profile-summary.ts reads it).
  const prof =
    process.env['CPU_PROF'] === kind
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.data/bench-gateway/prof')}`]
      : [];
  const child: ChildProcess = spawn(
    'taskset',
    ['-c', cpusFor(kind, cpu), process.execPath, ...prof, ...args],
    {
      cwd,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} exited (${child.exitCode}):\n${stderr}`);
    const ok = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: probe,
    })
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${kind} did not answer within 180 s:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    kind,
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
