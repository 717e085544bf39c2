// Usage: node bench/catalog.ts   (`make bench-catalog`, against a running `make up`)
// The issue-3 catalog query through the gateway, on loopback, with autocannon:
//   1. throughput: as fast as CONNECTIONS keep-alive connections go, for DURATION seconds;
//   2. latency: a constant RATE req/s, open loop (loadtest/open-loop.ts), p50/p95/p99.
// Every response must equal the first one (seeded data does not change): a different body,
// a non-2xx status or a socket error counts as an error. Exits 1 when a target is missed.
// Env: GATEWAY_URL (http://127.0.0.1:4000/graphql), DURATION (20), CONNECTIONS (10), RATE (50),
//      TARGET_RPS (300), TARGET_P95_MS (50).
import autocannon from 'autocannon';
import { openLoop, percentile } from '../loadtest/open-loop.ts';

const url = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:4000/graphql';
const duration = Number(process.env['DURATION'] ?? 20);
const connections = Number(process.env['CONNECTIONS'] ?? 10);
const rate = Number(process.env['RATE'] ?? 50);
const targetRps = Number(process.env['TARGET_RPS'] ?? 300);
const targetP95 = Number(process.env['TARGET_P95_MS'] ?? 50);

const QUERY =
  '{ products(first: 20) { edges { node { sku name price { amount currency } brand { name } stock { available } } } } }';
const body = JSON.stringify({ query: QUERY });
const headers = { 'content-type': 'application/json' };

const first = await fetch(url, { method: 'POST', headers, body });
const expected = await first.text();
const parsed = JSON.parse(expected) as { errors?: unknown; data?: { products: { edges: unknown[] } } };
if (!first.ok || parsed.errors || parsed.data?.products.edges.length !== 20) {
  process.stderr.write(
    `catalog query does not answer 20 seeded products at ${url}:\n${expected.slice(0, 500)}\n`,
  );
  process.exit(1);
}

interface Run {
  requests: number;
  rps: number;
  errors: number;
  latencies: number[];
}

function run(opts: { duration: number; connections: number }): Promise<Run> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, method: 'POST', headers, body, expectBody: expected, ...opts },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          requests: result.requests.total,
          rps: result.requests.total / (result.duration || opts.duration),
          errors: result.errors + result.timeouts + result.non2xx + result.mismatches,
          latencies,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms: number) => latencies.push(ms));
  });
}

const pct = (values: number[], p: number) =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
const fmt = (r: Run) =>
  `${r.requests} requests, ${r.rps.toFixed(0)} req/s, errors ${r.errors}, ` +
  `p50 ${pct(r.latencies, 50).toFixed(1)} ms, p95 ${pct(r.latencies, 95).toFixed(1)} ms, p99 ${pct(r.latencies, 99).toFixed(1)} ms`;

process.stdout.write(`catalog query via ${url}\nwarm-up 3 s...\n`);
await run({ duration: 3, connections });
const max = await run({ duration, connections });
process.stdout.write(`throughput (${connections} connections, ${duration} s): ${fmt(max)}\n`);
const paced = await openLoop({
  url,
  body,
  headers,
  rate,
  seconds: duration,
  ok: (status, text) => status === 200 && text === expected,
});
const fixed: Run = {
  requests: paced.requests,
  rps: rate,
  errors: paced.errors,
  latencies: [...paced.latencies],
};
process.stdout.write(`constant rate (${rate} req/s, ${duration} s): ${fmt(fixed)}\n`);

const p95 = pct(fixed.latencies, 95);
const misses = [
  max.rps < targetRps ? `throughput ${max.rps.toFixed(0)} < ${targetRps} req/s` : '',
  p95 > targetP95 ? `p95 ${p95.toFixed(1)} ms > ${targetP95} ms at ${rate} req/s` : '',
  max.errors + fixed.errors > 0 ? `${max.errors + fixed.errors} errors` : '',
].filter(Boolean);
process.stdout.write(
  misses.length === 0
    ? `✓ targets met (≥ ${targetRps} req/s, p95 ≤ ${targetP95} ms, no errors)\n`
    : `✗ ${misses.join('; ')}\n`,
);
process.exit(misses.length === 0 ? 0 : 1);
