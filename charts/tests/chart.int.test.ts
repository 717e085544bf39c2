// The umbrella chart rendered by the real Helm CLI for every value set: lint, schema validity,
// and the mesh/workload policies DESIGN.md's Deployment section asks for.
import { describe, expect, it } from 'vitest';
import {
  helm,
  render,
  UMBRELLA,
  VALUE_SETS,
  valueArgs,
  buildDependencies,
  SUBGRAPHS,
  WORKLOADS,
  NAMESPACE,
  type K8sObject,
  type ValueSet,
} from './helm.ts';
import { validateObject } from './validate.ts';

/** Rendered YAML of many kinds; tests read it structurally and assert on the values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const byKind = (objs: K8sObject[], kind: string): K8sObject[] => objs.filter((o) => o.kind === kind);
const named = (objs: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objs.find((o) => o.kind === kind && o.metadata.name === name);
const podSpecs = (objs: K8sObject[]): [string, Loose][] =>
  objs
    .filter((o) => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
    .map((o) => [`${o.kind}/${o.metadata.name}`, o.spec.template.spec]);
const gatewayPrincipal = `cluster.local/ns/${NAMESPACE}/sa/gateway`;

describe.each(VALUE_SETS)('When the umbrella chart is rendered with the %s values', (set: ValueSet) => {
  it('then helm lint --strict passes', () => {
    buildDependencies();
    const r = helm(['lint', '--strict', UMBRELLA, '--namespace', NAMESPACE, ...valueArgs(set)]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
  });

  it('then every object is valid against the Kubernetes and Istio schemas', async () => {
    const objects = render(set);
    expect(objects.length).toBeGreaterThan(20);
    const errors: string[] = [];
    for (const obj of objects) await validateObject(obj).catch((e: Error) => errors.push(e.message));
    expect(errors).toEqual([]);
  });

  it('then every container has probes, resources, named ports and the restricted securityContext', () => {
    const problems: string[] = [];
    for (const [where, spec] of podSpecs(render(set))) {
      if (spec.securityContext?.runAsNonRoot !== true) problems.push(`${where}: pod runAsNonRoot`);
      if (spec.securityContext?.seccompProfile?.type !== 'RuntimeDefault')
        problems.push(`${where}: pod seccomp`);
      const isJob = where.startsWith('Job/');
      for (const c of spec.containers) {
        const at = `${where}/${c.name}`;
        const sc = c.securityContext ?? {};
        if (sc.allowPrivilegeEscalation !== false) problems.push(`${at}: allowPrivilegeEscalation`);
        if (JSON.stringify(sc.capabilities?.drop) !== '["ALL"]')
          problems.push(`${at}: capabilities.drop [ALL]`);
        if (sc.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${at}: seccomp`);
        // The dev Kafka image writes its generated config under /opt/kafka/config (documented exception).
        if (sc.readOnlyRootFilesystem !== true && where !== 'StatefulSet/kafka')
          problems.push(`${at}: readOnlyRootFilesystem`);
        if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory)
          problems.push(`${at}: resources`);
        if (!isJob) {
          for (const p of ['startupProbe', 'readinessProbe', 'livenessProbe'])
            if (!c[p]) problems.push(`${at}: ${p}`);
          if (!c.ports?.length || c.ports.some((p: { name?: string }) => !p.name))
            problems.push(`${at}: named ports`);
        }
        if (/:latest$|^[^:]+$/.test(c.image))
          problems.push(`${at}: image ${c.image} has no tag or is latest`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('then workloads probe /healthz and /readyz over HTTP, roll with maxUnavailable 0 and drain before SIGKILL', () => {
    for (const name of WORKLOADS) {
      const d = named(render(set), 'Deployment', name);
      expect(d, `Deployment/${name}`).toBeDefined();
      const spec = d!.spec;
      const c = spec.template.spec.containers[0];
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(c.startupProbe.httpGet.path).toBe('/healthz');
      expect(spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
      expect(c.lifecycle.preStop.exec.command[0]).toBe('sleep');
      expect(spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(15);
      expect(Object.keys(spec.template.metadata.annotations)).toEqual(
        expect.arrayContaining(['checksum/config', 'prometheus.io/scrape']),
      );
      expect(spec.template.metadata.labels).toMatchObject({
        app: name,
        version: 'stable',
        'app.kubernetes.io/name': name,
      });
      expect(named(render(set), 'PodDisruptionBudget', name), `PDB/${name}`).toBeDefined();
      expect(named(render(set), 'ServiceAccount', name), `ServiceAccount/${name}`).toBeDefined();
    }
  });
});

describe('When Istio is on (dev values)', () => {
  const objs = render('dev');

  it('then the namespace has a STRICT PeerAuthentication and a default-deny AuthorizationPolicy', () => {
    const pa = byKind(objs, 'PeerAuthentication');
    expect(pa.map((p) => [p.metadata.name, p.spec.mtls.mode, p.spec.selector])).toEqual([
      ['default', 'STRICT', undefined],
    ]);
    expect(named(objs, 'AuthorizationPolicy', 'default-deny')?.spec).toEqual({});
  });

  it.each(SUBGRAPHS)(
    'then subgraph %s admits only the gateway principal on /graphql (and Prometheus on /metrics)',
    (name) => {
      const ap = named(objs, 'AuthorizationPolicy', `${name}-allow`);
      expect(ap?.spec.action).toBe('ALLOW');
      expect(ap?.spec.selector.matchLabels['app.kubernetes.io/name']).toBe(name);
      const graphqlRules = ap!.spec.rules.filter((r: Loose) => r.to[0].operation.paths.includes('/graphql'));
      expect(graphqlRules).toHaveLength(1);
      expect(graphqlRules[0].from).toEqual([{ source: { principals: [gatewayPrincipal] } }]);
      expect(graphqlRules[0].to[0].operation.paths).toEqual(['/graphql']);
      for (const rule of ap!.spec.rules) expect(rule.to[0].operation.paths).not.toContain('/*');
      const otherRules = ap!.spec.rules.filter((r: Loose) => r !== graphqlRules[0]);
      for (const rule of otherRules) expect(rule.to[0].operation.paths).toEqual(['/metrics']);
    },
  );

  it('then the gateway admits the ingress gateway, and data stores admit only the subgraphs (and their migration Jobs; Kafka also the gateway, for subscriptions)', () => {
    const gw = named(objs, 'AuthorizationPolicy', 'gateway-allow');
    expect(gw?.spec.rules[0].from[0].source.principals).toEqual([
      'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account',
    ]);
    const subgraphPrincipals = SUBGRAPHS.map((s) => `cluster.local/ns/${NAMESPACE}/sa/${s}`);
    // Migration Jobs run as <name>-migrate (hooks run before the workload's ServiceAccount exists).
    expect(
      named(objs, 'AuthorizationPolicy', 'postgresql-allow')?.spec.rules[0].from[0].source.principals,
    ).toEqual(subgraphPrincipals.flatMap((p) => [p, `${p}-migrate`]));
    expect(
      named(objs, 'AuthorizationPolicy', 'kafka-allow')?.spec.rules[0].from[0].source.principals,
    ).toEqual([...subgraphPrincipals, `cluster.local/ns/${NAMESPACE}/sa/kafka-topics`, gatewayPrincipal]);
  });

  it('then every workload has an ISTIO_MUTUAL DestinationRule with stable/canary subsets and a Sidecar', () => {
    for (const name of WORKLOADS) {
      const dr = named(objs, 'DestinationRule', name);
      expect(dr?.spec.trafficPolicy.tls.mode).toBe('ISTIO_MUTUAL');
      expect(dr?.spec.trafficPolicy.outlierDetection).toBeDefined();
      expect(dr?.spec.subsets.map((s: { name: string }) => s.name)).toEqual(['stable', 'canary']);
      expect(named(objs, 'Sidecar', name)?.spec.egress[0].hosts).toContain('istio-system/*');
    }
    expect(named(objs, 'Sidecar', 'gateway')?.spec.egress[0].hosts).toContain(
      `./orders.${NAMESPACE}.svc.cluster.local`,
    );
    // Services talk to each other only through Kafka: no subgraph may reach another subgraph or the gateway.
    for (const name of SUBGRAPHS) {
      const hosts: string[] = named(objs, 'Sidecar', name)?.spec.egress[0].hosts ?? [];
      const peers = hosts.filter((h) => WORKLOADS.some((w) => h === `./${w}.${NAMESPACE}.svc.cluster.local`));
      expect(peers, name).toEqual([]);
    }
  });

  it('then the ingress Gateway serves TLS and routes /graphql to the gateway', () => {
    const g = byKind(objs, 'Gateway')[0];
    expect(g?.spec.servers[0].tls.credentialName).toBeTruthy();
    const vs = named(objs, 'VirtualService', 'gateway');
    expect(vs?.spec.gateways).toEqual(['mesh', 'shopgraph-ingress']);
    // The request route (the subscription stream route before it has neither, on purpose).
    const requests = vs?.spec.http.find((r: { name?: string }) => r.name !== 'gateway-stream');
    expect(requests?.timeout).toBeTruthy();
    expect(requests?.retries).toBeTruthy();
  });

  it('then the gateway mounts the supergraph ConfigMap and knows every subgraph URL', () => {
    const cm = named(objs, 'ConfigMap', 'gateway-config');
    expect(cm?.['data']).toMatchObject({
      SUPERGRAPH_PATH: '/etc/shopgraph/supergraph/supergraph.graphql',
      SUBGRAPH_BRANDS_URL: 'http://brands:4001/graphql',
      SUBGRAPH_FULFILLMENT_URL: 'http://fulfillment:4007/graphql',
    });
    expect(named(objs, 'ConfigMap', 'gateway-supergraph')).toBeDefined();
    expect(
      named(objs, 'Deployment', 'gateway')?.spec.template.metadata.annotations['checksum/supergraph'],
    ).toMatch(/^[0-9a-f]{64}$/);
  });

  it('then migrations and topics run as pre-install/pre-upgrade hooks, and services do not migrate on start', () => {
    for (const name of SUBGRAPHS) {
      const job = named(objs, 'Job', `${name}-migrate`);
      expect(job?.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job?.spec.template.spec.containers[0].command).toEqual([
        'node',
        `services/${name}/src/migrate.ts`,
      ]);
      expect(named(objs, 'ConfigMap', `${name}-config`)?.['data']).toMatchObject({
        MIGRATE_ON_START: 'false',
        PORT: String(4001 + SUBGRAPHS.indexOf(name)),
      });
    }
    // Which topics: charts/tests/topics.int.test.ts (derived from the event catalog and the consumers).
    expect(named(objs, 'Job', 'kafka-topics')?.metadata.annotations?.['helm.sh/hook']).toBe(
      'pre-install,pre-upgrade',
    );
  });
});

describe('When a canary is configured (canary values: orders 25%, gateway 10%)', () => {
  const objs = render('canary');

  it('then a version=canary Deployment runs the candidate tag and the VirtualService splits by weight', () => {
    const canary = named(objs, 'Deployment', 'orders-canary');
    expect(canary?.spec.selector.matchLabels.version).toBe('canary');
    expect(canary?.spec.template.spec.containers[0].image).toBe('ghcr.io/shopgraph/orders:4d5e6f7');
    expect(named(objs, 'Deployment', 'orders')?.spec.template.spec.containers[0].image).toBe(
      'ghcr.io/shopgraph/orders:0a1b2c3',
    );
    const route = named(objs, 'VirtualService', 'orders')?.spec.http[0].route;
    expect(route.map((r: Loose) => [r.destination.subset, r.weight])).toEqual([
      ['stable', 75],
      ['canary', 25],
    ]);
    const gwRoute = named(objs, 'VirtualService', 'gateway')?.spec.http[0].route;
    expect(gwRoute.map((r: Loose) => r.weight)).toEqual([90, 10]);
  });

  it('then `--set orders.canary.weight=50` moves half of the traffic', () => {
    const objs50 = render('canary', ['--set', 'orders.canary.weight=50']);
    const route = named(objs50, 'VirtualService', 'orders')?.spec.http[0].route;
    expect(route.map((r: { weight: number }) => r.weight)).toEqual([50, 50]);
  });
});

describe('When Istio is off', () => {
  it('then no Istio object or sidecar annotation is rendered', () => {
    const objs = render('istio-off');
    expect(objs.filter((o) => o.apiVersion.includes('istio.io'))).toEqual([]);
    for (const d of byKind(objs, 'Deployment'))
      expect(d.spec.template.metadata.annotations['sidecar.istio.io/inject']).toBeUndefined();
  });
});

describe('When the release is upgraded to other image tags and a canary', () => {
  it('then no Deployment, StatefulSet or Service selector changes (an upgrade never changes a selector)', () => {
    const selectors = (objs: K8sObject[]): Record<string, unknown> =>
      Object.fromEntries(
        objs
          .filter((o) => ['Deployment', 'StatefulSet', 'Service', 'PodDisruptionBudget'].includes(o.kind))
          .map((o) => [
            `${o.kind}/${o.metadata.name}`,
            o.kind === 'Service' ? o.spec.selector : o.spec.selector.matchLabels,
          ]),
      );
    const before = selectors(render('dev'));
    const after = selectors(
      render('dev', [
        '--set',
        'global.image.tag=ffff1111',
        '--set',
        'orders.image.tag=eeee2222',
        '--set',
        'orders.canary.enabled=true',
        '--set',
        'orders.canary.image.tag=dddd3333',
      ]),
    );
    for (const [key, sel] of Object.entries(before)) expect(after[key], key).toEqual(sel);
    expect(after['Deployment/orders-canary']).toMatchObject({ version: 'canary' });
  });
});

describe('When values are wrong', () => {
  it('then values.schema.json rejects an unknown key', () => {
    const r = helm(['template', 'x', UMBRELLA, ...valueArgs('dev'), '--set', 'orders.replicas=3']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/additional propert(y|ies) 'replicas' not allowed/);
  });

  it('then values.schema.json rejects a wrong type', () => {
    const r = helm([
      'template',
      'x',
      UMBRELLA,
      ...valueArgs('dev'),
      '--set-string',
      'orders.replicaCount=two',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/replicaCount/);
    expect(r.stderr).toMatch(/integer/);
  });

  it('then an unknown key at the top of the umbrella is rejected too', () => {
    const r = helm(['template', 'x', UMBRELLA, ...valueArgs('dev'), '--set', 'postgres.enabled=false']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/postgres/);
  });

  it('then a missing or latest image tag fails with a message that says what to set', () => {
    const missing = helm(['template', 'x', UMBRELLA]);
    expect(missing.stderr).toMatch(/image\.tag \(or global\.image\.tag\) is required/);
    const latest = helm(['template', 'x', UMBRELLA, ...valueArgs('dev'), '--set', 'orders.image.tag=latest']);
    expect(latest.code).not.toBe(0);
    expect(latest.stderr).toMatch(/image\/tag|latest/);
  });

  it('then a canary without its own tag, or a weight without a canary, is refused', () => {
    const noTag = helm([
      'template',
      'x',
      UMBRELLA,
      ...valueArgs('dev'),
      '--set',
      'orders.canary.enabled=true',
    ]);
    expect(noTag.stderr).toMatch(/canary\.enabled needs canary\.image\.tag/);
    const noCanary = helm([
      'template',
      'x',
      UMBRELLA,
      ...valueArgs('dev'),
      '--set',
      'orders.canary.weight=20',
    ]);
    expect(noCanary.stderr).toMatch(/enable the canary first/);
  });
});
