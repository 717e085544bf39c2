// Runs the real Helm CLI (.tools/bin/helm) against the charts, once per value set.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { WORKLOADS as REGISTRY } from '../../packages/platform/src/workloads.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CHARTS = join(ROOT, 'charts');
export const UMBRELLA = join(CHARTS, 'shopgraph');
export const HELM = join(ROOT, '.tools', 'bin', 'helm');
/** The subgraph charts and every workload chart, from the one registry (packages/platform/workloads.tsv). */
export const SUBGRAPHS: readonly string[] = REGISTRY.filter((w) => w.kind === 'subgraph').map((w) => w.name);
export const WORKLOADS: readonly string[] = REGISTRY.map((w) => w.name);
export const VALUE_SETS = ['dev', 'prod', 'canary', 'istio-off'] as const;
export type ValueSet = (typeof VALUE_SETS)[number];
export const NAMESPACE = 'shop';

/** A rendered Kubernetes object, loosely typed: tests narrow what they read. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- rendered YAML of many kinds
  [key: string]: unknown;
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs helm; never throws, so a test can assert on a failure's message. */
export function helm(args: string[]): HelmResult {
  if (!existsSync(HELM)) {
    throw new Error(`helm is missing at ${HELM}. Fix: bash scripts/toolchain.sh helm`);
  }
  try {
    const stdout = execFileSync(HELM, args, {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? String(error) };
  }
}

function mustHelm(args: string[]): string {
  const r = helm(args);
  if (r.code !== 0) throw new Error(`helm ${args.join(' ')} failed (${r.code}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Charts of the umbrella that are not in the workload registry's chart tests: the storefront (a web front end). */
export const WEB_CHARTS = ['storefront'] as const;

let depsBuilt = false;
/** Packages shopgraph-lib into every workload chart and the workload charts into the umbrella. */
export function buildDependencies(): void {
  if (depsBuilt) return;
  for (const chart of [...WORKLOADS, ...WEB_CHARTS]) mustHelm(['dependency', 'build', join(CHARTS, chart)]);
  mustHelm(['dependency', 'build', UMBRELLA]);
  depsBuilt = true;
}

export function valuesFile(set: ValueSet): string {
  return join(UMBRELLA, 'ci', `${set}-values.yaml`);
}

let keyDir: string | undefined;
/** A fresh ES256 key pair for this run, as scripts/jwt-keys.sh makes it: { privateKey, publicKey } PEM files. */
export function jwtKeyFiles(): { privateKey: string; publicKey: string } {
  if (!keyDir) {
    keyDir = mkdtempSync(join(tmpdir(), 'shopgraph-chart-jwt-'));
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(join(keyDir, 'private.pem'), pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
    });
    writeFileSync(join(keyDir, 'public.pem'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return { privateKey: join(keyDir, 'private.pem'), publicKey: join(keyDir, 'public.pem') };
}

/** The gateway's identity-token key pair for this run (a second pair, as scripts/jwt-keys.sh makes it). */
export function identityKeyFiles(): { privateKey: string; publicKey: string } {
  const dir = dirname(jwtKeyFiles().privateKey);
  const privateKey = join(dir, 'gateway-identity-private.pem');
  const publicKey = join(dir, 'gateway-identity-public.pem');
  if (!existsSync(privateKey)) {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeFileSync(privateKey, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(publicKey, pair.publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return { privateKey, publicKey };
}

/** `--set-file` of the inline (dev) gateway identity key pair. */
export function inlineIdentityArgs(): string[] {
  const k = identityKeyFiles();
  return [
    '--set-file',
    `global.identity.inline.privateKey=${k.privateKey}`,
    '--set-file',
    `global.identity.inline.publicKey=${k.publicKey}`,
  ];
}

/** `--set-file` of the inline (dev) key pairs: the JWT pair, then the gateway identity pair. */
export function inlineJwtArgs(): string[] {
  const k = jwtKeyFiles();
  return [
    '--set-file',
    `global.jwt.inline.privateKey=${k.privateKey}`,
    '--set-file',
    `global.jwt.inline.publicKey=${k.publicKey}`,
    ...inlineIdentityArgs(),
  ];
}

/**
 * The values arguments of a value set: its ci/ file and, for dev (which documents that the key
 * pair never lives in a values file), the per-run key pair inline.
 */
export function valueArgs(set: ValueSet): string[] {
  return ['-f', valuesFile(set), ...(set === 'dev' ? inlineJwtArgs() : [])];
}

/** `helm template` of the umbrella; extra args are appended (e.g. --set). */
export function template(set: ValueSet, extra: string[] = []): HelmResult {
  buildDependencies();
  return helm(['template', 'shopgraph', UMBRELLA, '--namespace', NAMESPACE, ...valueArgs(set), ...extra]);
}

export function parseObjects(yamlText: string): K8sObject[] {
  return parseAllDocuments(yamlText)
    .map((doc) => {
      if (doc.errors.length > 0) throw new Error(`rendered YAML does not parse: ${doc.errors[0]?.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null && typeof o === 'object');
}

const rendered = new Map<string, K8sObject[]>();
/** Renders a value set once per test file and returns its objects. */
export function render(set: ValueSet, extra: string[] = []): K8sObject[] {
  const key = [set, ...extra].join('\0');
  const cached = rendered.get(key);
  if (cached) return cached;
  const r = template(set, extra);
  if (r.code !== 0) throw new Error(`helm template (${set}) failed:\n${r.stderr}`);
  const objects = parseObjects(r.stdout);
  rendered.set(key, objects);
  return objects;
}

export function readText(...parts: string[]): string {
  return readFileSync(join(ROOT, ...parts), 'utf8');
}
