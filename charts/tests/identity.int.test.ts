// The gateway's identity-token keys: only the gateway reads the private key, every subgraph the
// public key; a missing key fails the render naming what to set. Workloads listen on every pod
// interface (HOST). With Istio off a NetworkPolicy per subgraph admits only the gateway's pods
// (and the metrics namespaces) to its port; with Istio on, none (AuthorizationPolicy does it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  helm,
  identityKeyFiles,
  inlineJwtArgs,
  render,
  SUBGRAPHS,
  UMBRELLA,
  valuesFile,
  WORKLOADS,
  type K8sObject,
} from './helm.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered YAML
type Loose = any;

/** Kind/name of every workload whose containers reference Secret `secret` (key `key`, or any key). */
function readers(objs: K8sObject[], secret: string, key?: string): string[] {
  const out: string[] = [];
  for (const o of objs.filter((x) => ['Deployment', 'StatefulSet', 'Job'].includes(x.kind))) {
    const spec = o.spec.template.spec as Loose;
    const refs = [...(spec.containers ?? []), ...(spec.initContainers ?? [])].flatMap((c: Loose) => [
      ...(c.env ?? []).map((e: Loose) => e.valueFrom?.secretKeyRef),
      ...(c.envFrom ?? []).map((e: Loose) => e.secretRef && { name: e.secretRef.name }),
    ]);
    if (refs.some((r: Loose) => r?.name === secret && (key === undefined || r.key === key)))
      out.push(`${o.kind}/${o.metadata.name}`);
  }
  return out.sort();
}
const deployments = (names: readonly string[]) => names.map((n) => `Deployment/${n}`).sort();
const policies = (objs: K8sObject[]) => objs.filter((o) => o.kind === 'NetworkPolicy');

describe('When the identity key pair comes from an existing Secret (prod values)', () => {
  const objs = render('prod');

  it('then only the gateway reads the private key, and every subgraph (nothing else) the public key', () => {
    expect(readers(objs, 'shopgraph-identity', 'GATEWAY_IDENTITY_PRIVATE_KEY')).toEqual([
      'Deployment/gateway',
    ]);
    expect(readers(objs, 'shopgraph-identity', 'GATEWAY_IDENTITY_PUBLIC_KEY')).toEqual(
      deployments(SUBGRAPHS),
    );
    expect(readers(objs, 'shopgraph-identity')).toEqual(deployments([...SUBGRAPHS, 'gateway']));
    expect(objs.filter((o) => o.kind === 'Secret' && o.metadata.name === 'shopgraph-identity')).toEqual([]);
  });

  it('then every workload listens on all pod interfaces (HOST=0.0.0.0)', () => {
    for (const name of WORKLOADS) {
      const config = objs.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${name}-config`);
      expect([name, (config?.['data'] as Loose)?.HOST]).toEqual([name, '0.0.0.0']);
    }
  });
});

describe('When the identity key pair is given inline (dev values)', () => {
  const objs = render('dev');
  const keys = identityKeyFiles();

  it('then the chart owns the Secret with both PEMs and a new key rolls the pods that read it', () => {
    const secret = objs.find((o) => o.kind === 'Secret' && o.metadata.name === 'shopgraph-identity');
    expect(secret?.['stringData']).toEqual({
      GATEWAY_IDENTITY_PRIVATE_KEY: readFileSync(keys.privateKey, 'utf8'),
      GATEWAY_IDENTITY_PUBLIC_KEY: readFileSync(keys.publicKey, 'utf8'),
    });
    const checksum = (n: string): unknown =>
      objs.find((o) => o.kind === 'Deployment' && o.metadata.name === n)?.spec.template.metadata.annotations[
        'checksum/identity'
      ];
    expect(checksum('gateway')).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum('orders')).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum('orders')).not.toBe(checksum('gateway'));
  });
});

describe('When the identity key is missing or misplaced', () => {
  const jwtOnly = inlineJwtArgs().slice(0, 4);
  const base = ['template', 'x', UMBRELLA, '-f', valuesFile('dev'), ...jwtOnly];

  it('then the gateway enabled without it fails with a message that says what to set', () => {
    const r = helm(base);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(
      /gateway signs the identity tokens subgraphs verify and needs GATEWAY_IDENTITY_PRIVATE_KEY/,
    );
    expect(r.stderr).toMatch(/global\.identity\.existingSecret/);
  });

  it('then a key cannot be set through env', () => {
    const r = helm([
      ...base,
      '--set',
      'global.identity.existingSecret=id',
      '--set',
      'orders.env.GATEWAY_IDENTITY_PUBLIC_KEY=pem',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/env\.GATEWAY_IDENTITY_PUBLIC_KEY is set by the chart/);
  });
});

describe('When Istio is off, then each subgraph gets a NetworkPolicy', () => {
  const objs = render('istio-off');

  it('then one per subgraph, selecting its pods, admitting only the gateway’s pods and the metrics namespace to its port', () => {
    expect(
      policies(objs)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual([...SUBGRAPHS].sort());
    for (const policy of policies(objs)) {
      const name = policy.metadata.name;
      expect(policy.spec.podSelector.matchLabels).toEqual({
        'app.kubernetes.io/name': name,
        'app.kubernetes.io/instance': 'shopgraph',
      });
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      expect(policy.spec.ingress).toEqual([
        {
          from: [
            {
              podSelector: {
                matchLabels: {
                  'app.kubernetes.io/name': 'gateway',
                  'app.kubernetes.io/instance': 'shopgraph',
                },
              },
            },
          ],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ]);
      // The named port is the container's, i.e. the subgraph's one HTTP port (/graphql and /metrics).
      const deployment = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
      expect(deployment?.spec.template.spec.containers[0].ports).toEqual([
        expect.objectContaining({ name: 'http' }),
      ]);
      expect(deployment?.spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
    }
    // The gateway's own pods carry the labels the policies admit.
    const gateway = objs.find((o) => o.kind === 'Deployment' && o.metadata.name === 'gateway');
    expect(gateway?.spec.template.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'gateway',
      'app.kubernetes.io/instance': 'shopgraph',
    });
  });

  it('then none with global.networkPolicy.enabled=false, and none with Istio on', () => {
    expect(policies(render('istio-off', ['--set', 'global.networkPolicy.enabled=false']))).toEqual([]);
    expect(policies(render('prod'))).toEqual([]);
    expect(policies(render('dev'))).toEqual([]);
  });
});
