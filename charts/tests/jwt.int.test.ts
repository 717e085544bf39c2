// JWT keys: one Secret with both PEMs; customers (the signer) gets only the private key, the
// gateway (the verifier) only the public key, both the same issuer and audience; rendering
// fails with a clear message when customers is enabled and no key is configured.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  helm,
  inlineIdentityArgs,
  inlineJwtArgs,
  jwtKeyFiles,
  render,
  SUBGRAPHS,
  UMBRELLA,
  valuesFile,
  type K8sObject,
} from './helm.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML
type Loose = any;

const podSpecs = (objs: K8sObject[]): [string, Loose][] =>
  objs
    .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
    .map((o) => [`${o.kind}/${o.metadata.name}`, o.spec.template.spec]);

/** Workloads (Kind/name) whose containers reference `key` of Secret `secret`, or have env `name`. */
function readers(objs: K8sObject[], secret: string, key: string): string[] {
  const out = new Set<string>();
  for (const [where, spec] of podSpecs(objs)) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref?.name === secret && ref.key === key) out.add(where);
      }
      for (const ef of c.envFrom ?? [])
        if (ef.secretRef?.name === secret) out.add(`${where} (envFrom: whole Secret)`);
    }
    for (const v of spec.volumes ?? [])
      if (v.secret?.secretName === secret) out.add(`${where} (volume: whole Secret)`);
  }
  return [...out].sort();
}

const envNamed = (objs: K8sObject[], name: string): string[] =>
  podSpecs(objs)
    .filter(([, spec]) =>
      spec.containers.some((c: Loose) => (c.env ?? []).some((e: Loose) => e.name === name)),
    )
    .map(([where]) => where)
    .sort();

const config = (objs: K8sObject[], name: string): Record<string, string> =>
  (objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${name}-config`)?.['data'] ??
    {}) as Record<string, string>;

describe('When the JWT key pair comes from an existing Secret (prod values)', () => {
  const objs = render('prod');

  it('then only the customers Deployment reads the private key, and only the gateway the public key', () => {
    expect(readers(objs, 'shopgraph-jwt', 'JWT_PRIVATE_KEY')).toEqual(['Deployment/customers']);
    expect(readers(objs, 'shopgraph-jwt', 'JWT_PUBLIC_KEY')).toEqual(['Deployment/gateway']);
    expect(envNamed(objs, 'JWT_PRIVATE_KEY')).toEqual(['Deployment/customers']);
    expect(envNamed(objs, 'JWT_PUBLIC_KEY')).toEqual(['Deployment/gateway']);
    // The chart does not own the Secret then.
    expect(objs.filter((o) => o.kind === 'Secret' && o.metadata.name === 'shopgraph-jwt')).toEqual([]);
  });

  it('then customers signs and the gateway verifies with the same issuer and audience, from global.jwt', () => {
    expect(config(objs, 'customers')).toMatchObject({
      JWT_ISSUER: 'https://auth.shopgraph.com',
      JWT_AUDIENCE: 'shopgraph-api',
      JWT_TTL_SECONDS: '3600',
    });
    expect(config(objs, 'gateway')).toMatchObject({
      JWT_ISSUER: 'https://auth.shopgraph.com',
      JWT_AUDIENCE: 'shopgraph-api',
      JWT_CLOCK_TOLERANCE_SECONDS: '5',
    });
    for (const name of SUBGRAPHS.filter((s) => s !== 'customers'))
      expect(
        Object.keys(config(objs, name)).filter((k) => k.startsWith('JWT_')),
        name,
      ).toEqual([]);
    const ra = objs.find((o) => o.kind === 'RequestAuthentication');
    expect(ra?.spec.jwtRules[0]).toMatchObject({
      issuer: 'https://auth.shopgraph.com',
      audiences: ['shopgraph-api'],
    });
  });

  it('then a customers canary reads the private key too, and still nothing else', () => {
    const canary = render('prod', [
      '--set',
      'customers.canary.enabled=true',
      '--set',
      'customers.canary.image.tag=abc1234',
      '--set',
      'global.jwt.privateKeySecretKey=signing.pem',
      '--set',
      'global.jwt.publicKeySecretKey=verify.pem',
    ]);
    expect(readers(canary, 'shopgraph-jwt', 'signing.pem')).toEqual([
      'Deployment/customers',
      'Deployment/customers-canary',
    ]);
    expect(readers(canary, 'shopgraph-jwt', 'verify.pem')).toEqual(['Deployment/gateway']);
  });
});

describe('When the JWT key pair is given inline (dev values, --set-file)', () => {
  const objs = render('dev');
  const keys = jwtKeyFiles();

  it('then the chart owns one Secret with both PEMs, customers reads the private key and the gateway the public key', () => {
    const secret = objs.find((o) => o.kind === 'Secret' && o.metadata.name === 'shopgraph-jwt');
    expect(secret?.['stringData']).toEqual({
      JWT_PRIVATE_KEY: readFileSync(keys.privateKey, 'utf8'),
      JWT_PUBLIC_KEY: readFileSync(keys.publicKey, 'utf8'),
    });
    expect(readers(objs, 'shopgraph-jwt', 'JWT_PRIVATE_KEY')).toEqual(['Deployment/customers']);
    expect(readers(objs, 'shopgraph-jwt', 'JWT_PUBLIC_KEY')).toEqual(['Deployment/gateway']);
    // The migration Job needs the database only.
    expect(envNamed(objs, 'JWT_PRIVATE_KEY')).toEqual(['Deployment/customers']);
  });

  it('then a new key rolls the pods that use it (checksum/jwt)', () => {
    const ann = (o: K8sObject[], n: string): string | undefined =>
      o.find((x) => x.kind === 'Deployment' && x.metadata.name === n)?.spec.template.metadata.annotations[
        'checksum/jwt'
      ];
    expect(ann(objs, 'customers')).toMatch(/^[0-9a-f]{64}$/);
    expect(ann(objs, 'gateway')).toMatch(/^[0-9a-f]{64}$/);
    expect(ann(objs, 'orders')).toBeUndefined();
  });
});

describe('When the JWT keys are missing or wrong', () => {
  const base = ['template', 'x', UMBRELLA, '-f', valuesFile('dev'), ...inlineIdentityArgs()];

  it('then customers enabled without a key fails with a message that says what to set', () => {
    const r = helm(base);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /customers signs access tokens and needs JWT_PRIVATE_KEY: set global\.jwt\.existingSecret/,
    );
    expect(r.stderr).toMatch(/--set-file global\.jwt\.inline\.privateKey=/);
  });

  it('then customers disabled renders without a key, and the gateway gets no public key', () => {
    const r = helm([...base, '--set', 'customers.enabled=false']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/JWT_PUBLIC_KEY|JWT_PRIVATE_KEY/);
  });

  it('then only one inline PEM, both an inline PEM and existingSecret, or a public key as private are refused', () => {
    const k = jwtKeyFiles();
    const half = helm([...base, '--set-file', `global.jwt.inline.privateKey=${k.privateKey}`]);
    expect(half.stderr).toMatch(/global\.jwt\.inline needs both privateKey and publicKey/);
    const both = helm([...base, ...inlineJwtArgs(), '--set', 'global.jwt.existingSecret=jwt']);
    expect(both.stderr).toMatch(/either global\.jwt\.existingSecret or global\.jwt\.inline/);
    const swapped = helm([
      ...base,
      '--set-file',
      `global.jwt.inline.privateKey=${k.publicKey}`,
      '--set-file',
      `global.jwt.inline.publicKey=${k.publicKey}`,
    ]);
    expect(swapped.stderr).toMatch(/privateKey must be a PEM PKCS#8 private key/);
  });

  it('then a key cannot be slipped into a ConfigMap through env', () => {
    const r = helm([...base, ...inlineJwtArgs(), '--set', 'customers.env.JWT_PRIVATE_KEY=pem']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/env\.JWT_PRIVATE_KEY is set by the chart/);
  });

  it('then the schema refuses a TTL outside 60..604800 and a per-workload jwt block', () => {
    const ttl = helm([...base, ...inlineJwtArgs(), '--set', 'global.jwt.ttlSeconds=5']);
    expect(ttl.code).not.toBe(0);
    expect(ttl.stderr).toMatch(/ttlSeconds/);
    const old = helm([...base, ...inlineJwtArgs(), '--set', 'gateway.jwt.existingSecret=x']);
    expect(old.code).not.toBe(0);
    expect(old.stderr).toMatch(/additional propert(y|ies) 'jwt' not allowed/);
  });
});
