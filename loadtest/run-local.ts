// Load generator for this machine (k6 cannot be installed here): runs one operation from
// loadtest/operations against a gateway on loopback with autocannon, at a fixed rate or flat out.
// Usage: node loadtest/run-local.ts --operation BrandList [--variables '{"first":10}']
//          [--rate 50] [--connections 20] [--duration 20] [--url http://127.0.0.1:4000/graphql]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openLoop, percentile } from './open-loop.ts';

const { values: args } = parseArgs({
  options: {
    operation: { type: 'string' },
    variables: { type: 'string', default: '{}' },
    rate: { type: 'string' },
    connections: { type: 'string', default: '20' },
    duration: { type: 'string', default: '20' },
    url: { type: 'string', default: process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:4000/graphql' },
    token: { type: 'string' },
  },
});
if (!args.operation) throw new Error('--operation <name of a file in loadtest/operations> is required');
const url = new URL(args.url);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(url.hostname))
  throw new Error('only loopback targets are allowed here');

const query = readFileSync(path.join(import.meta.dirname, 'operations', `${args.operation}.graphql`), 'utf8');
const rate = args.rate === undefined ? undefined : Number(args.rate);
const connections = Number(args.connections);
const body = JSON.stringify({ query, variables: JSON.parse(args.variables), operationName: args.operation });
const headers: Record<string, string> = args.token ? { authorization: `Bearer ${args.token}` } : {};
const noErrors = (status: number, text: string) => status === 200 && !text.includes('"errors"');

if (rate !== undefined) {
  // A constant arrival rate, open loop (as k6's constant-arrival-rate does).
  const r = await openLoop({
    url: url.toString(),
    body,
    headers,
    rate,
    seconds: Number(args.duration),
    ok: noErrors,
  });
  const pct = (p: number) => Math.round(percentile(r.latencies, p) * 10) / 10;
  const summary = {
    operation: args.operation,
    mode: `${rate} req/s open loop`,
    requests: r.requests,
    p50_ms: pct(50),
    p95_ms: pct(95),
    p99_ms: pct(99),
    errors: r.errors,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  process.exit(r.errors > 0 ? 1 : 0);
}

const latencies: number[] = [];
const options: autocannon.Options = {
  url: url.toString(),
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body,
  connections,
  duration: Number(args.duration),
};
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(options, (err, res) => (err ? reject(err) : resolve(res)));
  // autocannon reports p97.5, not p95: keep every response time and compute exact percentiles.
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
});

latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  Math.round(
    (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN) * 10,
  ) / 10;
const summary = {
  operation: args.operation,
  mode: `max, ${connections} connections`,
  requests: result.requests.total,
  rps: Math.round(result.requests.average),
  p50_ms: pct(50),
  p95_ms: pct(95),
  p99_ms: pct(99),
  max_ms: latencies.at(-1),
  errors: result.errors + result.timeouts + result.non2xx,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exitCode = summary.errors > 0 ? 1 : 0;
