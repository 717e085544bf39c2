// Usage: make bench-gateway   (node bench/gateway/run.ts, pinned to LOAD_CPU by the Makefile)
// Side-by-side gateway benchmark (issue #9): stock @apollo/gateway, the shopgraph gateway and
// Hive Gateway (JS, and with its Rust planner runtime), each one process pinned to GATEWAY_CPU,
// on the same subgraphs and queries:
//   guild          The Guild's gateway benchmark shape, in-memory subgraphs (87 kB answer)
//   catalog-replay the storefront catalog query, subgraph answers recorded then replayed
//   catalog-real   the catalog query over the real subgraphs (seeded stack, packages/testing)
// Rounds are interleaved (every gateway once per round, start order rotating); the table has
// medians. Every counted response equals, byte for byte, that gateway's first answer, which
// was checked equal (parsed) to stock's. Env: ROUNDS (5), SECONDS (10), WARMUP (3),
// CONNECTIONS (50), WORKLOADS, GATEWAYS, GATEWAY_CPU (0), BASE_PORT (19400).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { isDeepStrictEqual } from 'node:util';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import {
  GATEWAY_LABELS,
  hiveInstalled,
  ROOT,
  startGateway,
  type GatewayKind,
  type RunningGateway,
} from './gateways.ts';
import { GUILD_QUERY, guildSubgraphs } from './guild-subgraphs.ts';
import { median, round, rssMb, type RoundResult } from './measure.ts';

const env = (k: string, d: string) => process.env[k] ?? d;
const ROUNDS = Number(env('ROUNDS', '5'));
const SECONDS = Number(env('SECONDS', '10'));
const WARMUP = Number(env('WARMUP', '3'));
const CONNECTIONS = Number(env('CONNECTIONS', '50'));
const GATEWAY_CPU = env('GATEWAY_CPU', '0');
const BASE_PORT = Number(env('BASE_PORT', '19400'));
const WORKLOADS = env('WORKLOADS', 'guild,catalog-replay,catalog-real').split(',');
const GATEWAYS = env(
  'GATEWAYS',
  hiveInstalled() ? 'stock,shopgraph,hive,hive-rust' : 'stock,shopgraph',
).split(',') as GatewayKind[];

const CATALOG_QUERY =
  '{ products(first: 20) { edges { node { sku name price { amount currency } brand { name } stock { available } } } } }';
const OUT = path.join(ROOT, '.data/bench-gateway');
mkdirSync(OUT, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const log = (line: string) => process.stdout.write(`${line}\n`);

interface Workload {
  readonly name: string;
  readonly title: string;
  readonly query: string;
  /** Supergraph SDL with this workload's subgraph URLs. */
  readonly supergraph: string;
  /** Subgraph calls answered so far (for calls per gateway request). */
  readonly subgraphCalls: () => Promise<number>;
  /** Runs once per gateway before its answer is checked (recording). */
  readonly prime?: (gw: RunningGateway) => Promise<void>;
  readonly beforeRounds?: () => Promise<void>;
  /** Settings of the shopgraph gateway for this workload. */
  readonly shopgraphEnv?: NodeJS.ProcessEnv;
}

const post = (url: string, query: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });

// ---------------------------------------------------------------- subgraphs
const loadBefore = loadavg();
let stack: { stop(): Promise<void>; env: NodeJS.ProcessEnv } | undefined;
const realUrls: Record<string, string> = {};
const committed = readFileSync(path.join(ROOT, 'supergraph/supergraph.graphql'), 'utf8');
const withUrls = (sdl: string, urls: Record<string, string>) =>
  sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (m, name: string) =>
    urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : m,
  );
const wantsCatalog = WORKLOADS.some((w) => w.startsWith('catalog'));
if (wantsCatalog) {
  const { runScript, startTestStack } = await import('@shopgraph/testing');
  if (!process.env['TEST_ADMIN_DATABASE_URL']) {
    runScript('scripts/stack/postgres.sh', ['start']);
    process.env['TEST_ADMIN_DATABASE_URL'] = runScript('scripts/stack/postgres.sh', ['url']).trim();
  }
  log(`starting the real subgraphs (seeded stack, ports ${BASE_PORT + 100}+)...`);
  stack = await startTestStack({ name: 'benchgw', basePort: BASE_PORT + 100, env: { LOG_LEVEL: 'warn' } });
  for (const name of [...committed.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1]!)) {
    const port = stack.env[`${name.toUpperCase()}_PORT`];
    if (port) realUrls[name] = `http://127.0.0.1:${port}/graphql`;
  }
}

const host = spawn(
  process.execPath,
  [
    'bench/gateway/subgraph-host.ts',
    ...Object.entries(realUrls).flatMap(([n, u]) => ['--replay', `${n}=${u}`]),
  ],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
);
const hostInfo = await new Promise<{
  guild: Record<string, string>;
  replay: Record<string, string>;
  control: string;
}>((resolve) => createInterface({ input: host.stdout! }).once('line', (l) => resolve(JSON.parse(l))));
const stats = async () =>
  (await (await fetch(`${hostInfo.control}/stats`)).json()) as {
    guild: Record<string, number>;
    replay: Record<string, number>;
    misses: number;
  };
const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

async function realSubgraphCalls(): Promise<number> {
  let total = 0;
  for (const url of Object.values(realUrls)) {
    const text = await (await fetch(url.replace('/graphql', '/metrics'))).text().catch(() => '');
    for (const line of text.split('\n'))
      if (line.startsWith('shopgraph_graphql_requests_total')) total += Number(line.split(' ').at(-1));
  }
  return total;
}

const guildFixtures = guildSubgraphs();
const guildComposed = composeServices(
  guildFixtures.map((f) => ({ name: f.name, url: hostInfo.guild[f.name]!, typeDefs: parse(f.sdl) })),
);
if (guildComposed.errors) throw new Error(guildComposed.errors.map((e) => e.message).join('\n'));

const workloads: Workload[] = [];
if (WORKLOADS.includes('guild'))
  workloads.push({
    name: 'guild',
    title: "The Guild's gateway-benchmark shape (in-memory subgraphs)",
    query: GUILD_QUERY,
    supergraph: guildComposed.supergraphSdl,
    subgraphCalls: async () => sum((await stats()).guild),
    // Its answer is 180k objects by the cost estimate (fine for a benchmark, not for a public
    // endpoint): the limits stay on, with the cost ceiling above it.
    shopgraphEnv: { GATEWAY_MAX_COST: '1000000' },
  });
if (WORKLOADS.includes('catalog-replay') && stack)
  workloads.push({
    name: 'catalog-replay',
    title: 'catalog query, subgraph answers replayed from memory',
    query: CATALOG_QUERY,
    supergraph: withUrls(committed, hostInfo.replay),
    subgraphCalls: async () => sum((await stats()).replay),
    prime: async (gw) => {
      for (let i = 0; i < 3; i++) await (await post(gw.url, CATALOG_QUERY)).text();
    },
    beforeRounds: async () => void (await fetch(`${hostInfo.control}/replay`, { method: 'POST' })),
  });
if (WORKLOADS.includes('catalog-real') && stack)
  workloads.push({
    name: 'catalog-real',
    title: 'catalog query, real subgraphs (PostgreSQL, seeded)',
    query: CATALOG_QUERY,
    supergraph: withUrls(committed, realUrls),
    subgraphCalls: realSubgraphCalls,
  });

// ---------------------------------------------------------------- rounds
interface Row {
  kind: GatewayKind;
  rounds: RoundResult[];
  callsPerRequest: number[];
  idleRssMb: number;
  failed?: string;
}
const results: Record<string, Row[]> = {};
const probe = JSON.stringify({ query: '{ __typename }' });
try {
  for (const w of workloads) {
    log(`\n== ${w.title}`);
    const file = path.join(OUT, `${w.name}.supergraph.graphql`);
    writeFileSync(file, w.supergraph);
    const running: RunningGateway[] = [];
    const rows: Row[] = [];
    results[w.name] = rows;
    const expected = new Map<GatewayKind, string>();
    try {
      for (const [i, kind] of GATEWAYS.entries()) {
        try {
          running.push(await startGateway(kind, file, BASE_PORT + i, GATEWAY_CPU, probe, w.shopgraphEnv));
        } catch (err) {
          rows.push({ kind, rounds: [], callsPerRequest: [], idleRssMb: NaN, failed: 'did not start' });
          log(`  ${kind}: did not start: ${String(err).slice(0, 500)}`);
        }
      }
      for (const gw of running) await w.prime?.(gw);
      await w.beforeRounds?.();
      let reference: unknown;
      for (const gw of running) {
        const row: Row = { kind: gw.kind, rounds: [], callsPerRequest: [], idleRssMb: rssMb(gw.pid) };
        rows.push(row);
        const res = await post(gw.url, w.query);
        const text = await res.text();
        const parsed = JSON.parse(text) as { data?: unknown; errors?: unknown };
        if (gw.kind === GATEWAYS[0]) reference = parsed;
        if (res.status !== 200 || parsed.errors !== undefined || !isDeepStrictEqual(parsed, reference)) {
          row.failed = `answer differs from ${GATEWAYS[0]}'s: ${text.slice(0, 300)}`;
          log(`  ${gw.kind}: ${row.failed}`);
          continue;
        }
        expected.set(gw.kind, text);
        log(
          `  ${gw.kind}: answer checked (${(text.length / 1024).toFixed(1)} kB), idle RSS ${row.idleRssMb.toFixed(0)} MB`,
        );
      }
      const body = JSON.stringify({ query: w.query });
      const live = running.filter((gw) => expected.has(gw.kind));
      for (const gw of live)
        await round({
          url: gw.url,
          pid: gw.pid,
          body,
          expected: expected.get(gw.kind)!,
          seconds: WARMUP,
          connections: CONNECTIONS,
        });
      for (let r = 0; r < ROUNDS; r++) {
        const order = live.map((_, i) => live[(i + r) % live.length]!);
        for (const gw of order) {
          const calls0 = await w.subgraphCalls();
          const result = await round({
            url: gw.url,
            pid: gw.pid,
            body,
            expected: expected.get(gw.kind)!,
            seconds: SECONDS,
            connections: CONNECTIONS,
          });
          const calls = (await w.subgraphCalls()) - calls0;
          const row = rows.find((x) => x.kind === gw.kind)!;
          row.rounds.push(result);
          row.callsPerRequest.push(result.ok + result.bad > 0 ? calls / (result.ok + result.bad) : 0);
          log(
            `  round ${r + 1} ${gw.kind.padEnd(10)} ${result.rps.toFixed(1).padStart(7)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ` +
              `${result.cpuMsPerRequest.toFixed(2)} CPU-ms/req  RSS ${result.peakRssMb.toFixed(0)} MB  ${(calls / Math.max(1, result.ok + result.bad)).toFixed(2)} subgraph calls/req  bad ${result.bad}`,
          );
        }
      }
    } finally {
      await Promise.all(running.map((gw) => gw.stop()));
      report();
    }
  }
} finally {
  host.kill('SIGTERM');
  await stack?.stop();
}

// ---------------------------------------------------------------- table
/** Writes the table of what has been measured so far (after each workload, and at the end). */
function report(): string {
  const loadAfter = loadavg();
  const lines: string[] = [];
  const stockOf = (rows: Row[]) => rows.find((r) => r.kind === 'stock');
  const rustOf = (rows: Row[]) => rows.find((r) => r.kind === 'hive-rust');
  const m = (row: Row | undefined, f: (r: RoundResult) => number) =>
    row && row.rounds.length ? median(row.rounds.map(f)) : NaN;
  lines.push(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; gateway on CPU ${GATEWAY_CPU}, load + subgraphs on the others; ` +
      `${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections; load average ${loadBefore.map((l) => l.toFixed(2)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(2)).join(' ')} after`,
  );
  for (const w of workloads) {
    const rows = results[w.name] ?? [];
    const stockRps = m(stockOf(rows), (r) => r.rps);
    const rustRps = m(rustOf(rows), (r) => r.rps);
    lines.push('', `### ${w.title}`, '');
    lines.push(
      '| gateway | req/s (median) | × stock | × Hive+Rust | p50 ms | p99 ms | CPU ms/req | peak RSS MB | idle RSS MB | subgraph calls/req | bad responses |',
    );
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const row of rows) {
      if (row.failed) {
        lines.push(
          `| ${GATEWAY_LABELS[row.kind]} | failed: ${row.failed === 'did not start' ? 'did not start' : 'answer differs'} | | | | | | | | | |`,
        );
        continue;
      }
      const rps = m(row, (r) => r.rps);
      lines.push(
        `| ${GATEWAY_LABELS[row.kind]} | ${rps.toFixed(1)} | ${(rps / stockRps).toFixed(2)} | ${(rps / rustRps).toFixed(2)} | ` +
          `${m(row, (r) => r.p50).toFixed(0)} | ${m(row, (r) => r.p99).toFixed(0)} | ${m(row, (r) => r.cpuMsPerRequest).toFixed(2)} | ` +
          `${Math.max(...row.rounds.map((r) => r.peakRssMb)).toFixed(0)} | ${row.idleRssMb.toFixed(0)} | ${median(row.callsPerRequest).toFixed(2)} | ` +
          `${row.rounds.reduce((n, r) => n + r.bad, 0)} |`,
      );
    }
  }
  const table = lines.join('\n');
  writeFileSync(path.join(OUT, `results-${stamp}.md`), `${table}\n`);
  writeFileSync(
    path.join(OUT, `results-${stamp}.json`),
    JSON.stringify({ results, loadBefore, loadAfter }, null, 2),
  );
  return table;
}

log(`\n${report()}\n\nwritten to .data/bench-gateway/results-${stamp}.{md,json}`);
