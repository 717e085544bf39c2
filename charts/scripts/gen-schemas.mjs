// Writes values.schema.json for every workload chart from its values.yaml: each object the
// defaults spell out is closed (additionalProperties: false), free-form maps listed in OPEN stay
// open, and OVERRIDES add the constraints a default cannot express.
// Usage: node charts/scripts/gen-schemas.mjs [--check]   (--check: exit 1 when a file is stale)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { format, resolveConfig } from 'prettier';
import { WORKLOADS as REGISTRY } from '../../packages/platform/src/workloads.ts';

const chartsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Every workload chart: the one registry, packages/platform/workloads.tsv. */
export const WORKLOADS = REGISTRY.map((w) => w.name);

/** Keys (dotted paths) whose value is a free-form map or a Kubernetes/Istio struct validated by the API server. */
const OPEN = new Set([
  'env',
  'resources',
  'migration.resources',
  'podAnnotations',
  'nodeSelector',
  'affinity',
  'checksums',
  'istio.retries',
  'istio.connectionPool',
  'istio.outlierDetection',
  'global',
]);
const OVERRIDES = {
  component: { enum: ['subgraph', 'gateway'] },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  replicaCount: { type: 'integer', minimum: 0 },
  // 'latest' is refused by shopgraph-lib.validateValues, whose message says what to set instead;
  // a schema `not` would fail with only "'not' failed" (seen on `helm install`).
  'image.tag': { type: 'string', description: 'commit hash the image was built from' },
  'image.pullPolicy': { enum: ['', 'Always', 'IfNotPresent', 'Never'] },
  logLevel: { enum: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] },
  'canary.weight': { type: 'integer', minimum: 0, maximum: 100 },
  'canary.image.tag': { type: 'string' },
  'istio.outboundTrafficPolicy': { enum: ['ALLOW_ANY', 'REGISTRY_ONLY'] },
  'rollingUpdate.maxSurge': { type: ['string', 'integer'] },
  'pdb.maxUnavailable': { type: ['string', 'integer'] },
  'autoscaling.minReplicas': { type: 'integer', minimum: 1 },
  'autoscaling.maxReplicas': { type: 'integer', minimum: 1 },
  'autoscaling.targetCPUUtilizationPercentage': { type: 'integer', minimum: 1, maximum: 100 },
  tolerations: { type: 'array', items: { type: 'object' } },
  extraVolumes: { type: 'array', items: { type: 'object' } },
  extraVolumeMounts: { type: 'array', items: { type: 'object' } },
};

/** The umbrella: each workload's block is checked by that subchart's own schema. */
const UMBRELLA_OPEN = new Set([
  ...WORKLOADS,
  'storefront',
  'postgresql.resources',
  'kafka.resources',
  'global.istio.ingressGateway.selector',
  'monitoring.dashboards.labels',
]);
const UMBRELLA_OVERRIDES = {
  'global.image.tag': {
    type: 'string',
    description: 'commit hash the images were built from (not latest: validateValues)',
  },
  'global.image.pullPolicy': { enum: ['Always', 'IfNotPresent', 'Never'] },
  'global.imagePullSecrets': {
    type: 'array',
    items: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  },
  'global.istio.prometheus.principals': { type: 'array', items: { type: 'string' } },
  'global.jwt.ttlSeconds': { type: 'integer', minimum: 60, maximum: 604800 },
  'global.jwt.clockToleranceSeconds': { type: 'integer', minimum: 0, maximum: 300 },
  'global.jwt.issuer': { type: 'string', minLength: 1 },
  'global.jwt.audience': { type: 'string', minLength: 1 },
  'kafka.topics.partitions': { type: 'integer', minimum: 1 },
  'kafka.topics.replicationFactor': { type: 'integer', minimum: 1 },
};
/**
 * Per-chart keys (the gateway's env settings, written by hand in fc62400: without them here a
 * regeneration drops them). Numbers may be given as strings (env values are strings).
 */
const count = { type: ['string', 'integer'], pattern: '^[0-9]+$', minimum: 0 };
const flag = { enum: ['true', 'false', true, false] };
const CHART_OVERRIDES = {
  gateway: {
    env: {
      type: 'object',
      properties: {
        SUBGRAPH_TIMEOUT_MS: count,
        GATEWAY_REQUEST_DEADLINE_MS: count,
        GATEWAY_BREAKER_FAILURES: count,
        GATEWAY_BREAKER_COOLDOWN_MS: count,
        GATEWAY_OPERATION_LIMITS: flag,
        GATEWAY_MAX_DEPTH: count,
        GATEWAY_MAX_ALIASES: count,
        GATEWAY_MAX_DIRECTIVES: count,
        GATEWAY_MAX_TOKENS: count,
        GATEWAY_MAX_COST: count,
        GATEWAY_COST_DEFAULT_LIST_SIZE: count,
        GATEWAY_PERSISTED_DOCUMENTS_MODE: { enum: ['off', 'allow', 'enforce'] },
        GATEWAY_APQ: flag,
        GATEWAY_APQ_CACHE_BYTES: count,
        GATEWAY_REQUEST_METRICS: flag,
        GATEWAY_METRICS_MAX_OPERATIONS: count,
      },
    },
  },
};
let open = OPEN;
let overrides = OVERRIDES;

function infer(value, path) {
  if (overrides[path]) return overrides[path];
  if (open.has(path)) return { type: 'object' };
  if (Array.isArray(value)) {
    const first = value[0];
    return { type: 'array', items: first === undefined ? {} : infer(first, `${path}[]`) };
  }
  if (value !== null && typeof value === 'object') {
    const properties = {};
    for (const [k, v] of Object.entries(value)) properties[k] = infer(v, path ? `${path}.${k}` : k);
    return { type: 'object', properties, additionalProperties: false };
  }
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  return { type: 'string' };
}

export async function schemaFor(chart) {
  const umbrella = chart === 'shopgraph';
  open = umbrella ? UMBRELLA_OPEN : OPEN;
  overrides = umbrella ? UMBRELLA_OVERRIDES : { ...OVERRIDES, ...(CHART_OVERRIDES[chart] ?? {}) };
  const values = parse(readFileSync(join(chartsDir, chart, 'values.yaml'), 'utf8'));
  const root = infer(values, '');
  // Helm adds an entry for every dependency; the library takes no values.
  root.properties['shopgraph-lib'] = {
    type: 'object',
    properties: { global: { type: 'object' } },
    additionalProperties: false,
  };
  const schema = { $schema: 'http://json-schema.org/draft-07/schema#', title: `${chart} values`, ...root };
  // Formatted like the rest of the repository, so `prettier --check .` passes on generated files.
  return await format(JSON.stringify(schema), {
    ...(await resolveConfig(join(chartsDir, 'values.schema.json'))),
    parser: 'json',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const chart of [...WORKLOADS, 'shopgraph']) {
    const file = join(chartsDir, chart, 'values.schema.json');
    const want = await schemaFor(chart);
    const have = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (want === have) continue;
    if (check) {
      stale++;
      console.error(`stale: ${file}`);
    } else writeFileSync(file, want);
  }
  if (stale) {
    console.error('run: node charts/scripts/gen-schemas.mjs');
    process.exit(1);
  }
}
