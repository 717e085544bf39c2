// The umbrella chart on a real Kubernetes API server (scripts/cluster/up.sh: kube-apiserver,
// controller-manager and scheduler built from k8s.io/kubernetes, etcd, kwok simulating nodes and
// pods, Istio's and prometheus-operator's CRDs): what a platform engineer does with the chart —
// install, upgrade, schema roll-out, canary, rollback, uninstall, production install, bad values —
// each step read back from the server. One fresh namespace per run; the control plane is started
// once and stopped after, unless it was already running (`make cluster-up`).
import { cpSync, mkdtempSync, readFileSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  buildDependencies,
  CHARTS,
  helm,
  identityKeyFiles,
  inlineJwtArgs,
  jwtKeyFiles,
  parseObjects,
  UMBRELLA,
  VALUE_SETS,
  valueArgs,
  valuesFile,
} from './helm.ts';
import {
  clusterDown,
  clusterUp,
  get,
  helmk,
  kubectl,
  list,
  must,
  watch,
  type WatchEvent,
} from './cluster.ts';

/** Rendered and served objects of many kinds; tests read them structurally. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const RUN = Date.now().toString(36);
const NS = `shop-${RUN}`;
const PROD_NS = `shop-${RUN}-prod`;
const RELEASE = 'shopgraph';
const TAG1 = 'a1b2c3d';
const TAG2 = 'e4f5a6b';
const CANARY_TAG = 'c7d8e9f';
const CANARY = 'orders'; // the workload the canary steps move; any subgraph works the same way
const TIMEOUT = ['--wait', '--timeout', '5m'];
const STEP = 300_000;

let startedCluster = false;
let chart = UMBRELLA; // switched to a copy with a changed supergraph by the schema roll-out step
let tmp = '';

/** One line per step, with what it checked (shown by `make cluster-test` and in `make test` logs). */
function report(step: string, checked: string): void {
  console.log(`cluster-test: ${step}: ${checked}`);
}

const helmOk = (args: string[], what: string): Promise<string> => must(helmk(args), what);
const upgrade = (args: string[]) =>
  helmk(['upgrade', RELEASE, chart, '-n', NS, '--reuse-values', ...TIMEOUT, ...args]);

async function revision(ns = NS): Promise<{ revision: number; status: string }> {
  const out = await helmOk(['history', RELEASE, '-n', ns, '-o', 'json', '--max', '1'], 'helm history');
  const last = (JSON.parse(out) as { revision: number; status: string }[]).at(-1)!;
  return { revision: last.revision, status: last.status };
}

const deployments = (ns = NS): Promise<Loose[]> => list(ns, 'deployments');
const images = (d: Loose): string[] => d.spec.template.spec.containers.map((c: Loose) => c.image as string);
const available = (d: Loose): boolean =>
  (d.status?.availableReplicas ?? 0) >= d.spec.replicas &&
  (d.status?.updatedReplicas ?? 0) >= d.spec.replicas &&
  d.status?.observedGeneration === d.metadata.generation;
const routeWeights = (vs: Loose): Record<string, number> =>
  Object.fromEntries(vs.spec.http[0].route.map((r: Loose) => [r.destination.subset, r.weight ?? 100]));

/**
 * What "the release keeps serving unchanged" means on the server: the Helm revision and, for every
 * object the chart manages, its generation and desired state (spec/data), never its status.
 */
async function snapshot(ns = NS): Promise<{ revision: number; objects: Record<string, string> }> {
  const objs = await list(
    ns,
    'deployments,services,configmaps,serviceaccounts,poddisruptionbudgets,virtualservices,destinationrules,authorizationpolicies,sidecars,peerauthentications',
  );
  const objects: Record<string, string> = {};
  for (const o of objs as Loose[]) {
    if (
      o.metadata.labels?.['app.kubernetes.io/managed-by'] !== 'Helm' &&
      !o.metadata.annotations?.['meta.helm.sh/release-name']
    )
      continue;
    objects[`${o.kind}/${o.metadata.name}`] = JSON.stringify({
      g: o.metadata.generation,
      spec: o.spec,
      data: o.data,
    });
  }
  return { revision: (await revision(ns)).revision, objects };
}

/** Every Deployment in the namespace available with its desired replicas, and their count. */
async function allAvailable(ns = NS): Promise<number> {
  const ds = await deployments(ns);
  const waiting = ds.filter((d) => !available(d)).map((d) => d.metadata.name);
  expect(waiting, 'Deployments not available').toEqual([]);
  return ds.length;
}

/** The line of Helm's error that carries the chart's (or the schema's) message, without Helm's prefix. */
const chartMessage = (stderr: string, message: RegExp | string): string =>
  (
    stderr.split('\n').find((l) => (typeof message === 'string' ? l.includes(message) : message.test(l))) ??
    ''
  )
    .replace(/^.*execution error at \([^)]*\): /, '')
    .replace(/^Error: [A-Z ]+FAILED: /, '')
    .trim()
    .slice(0, 160);

const rv = (e: WatchEvent): number => Number((e.object.metadata as Loose).resourceVersion ?? 0);
const jobDone = (e: WatchEvent): boolean =>
  ((e.object.status as Loose)?.conditions ?? []).some(
    (c: Loose) => c.type === 'Complete' && c.status === 'True',
  );

beforeAll(async () => {
  startedCluster = await clusterUp();
  buildDependencies();
  for (const ns of [NS, PROD_NS]) {
    await must(kubectl(['create', 'namespace', ns]), `create namespace ${ns}`);
    await must(kubectl(['label', 'namespace', ns, 'istio-injection=enabled']), 'label namespace');
  }
  tmp = mkdtempSync(join(tmpdir(), 'shopgraph-cluster-'));
}, 2_700_000);

afterAll(async () => {
  for (const ns of [NS, PROD_NS])
    await kubectl(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
  if (startedCluster) await clusterDown();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe('When the umbrella chart meets a real Kubernetes API server (kwok nodes)', () => {
  it(
    'then the server accepts every rendered object of every value set with strict field validation',
    async () => {
      const counts: string[] = [];
      for (const set of VALUE_SETS) {
        const args = ['template', RELEASE, UMBRELLA, '--namespace', NS, ...valueArgs(set)];
        const r = helm(args);
        expect(r.code, r.stderr).toBe(0);
        const n = parseObjects(r.stdout).length;
        const applied = await kubectl(
          [
            'apply',
            '-n',
            NS,
            '--server-side',
            '--dry-run=server',
            '--validate=strict',
            '--field-manager',
            'cluster-test',
            '-f',
            '-',
          ],
          r.stdout,
        );
        expect(applied.code, `${set}: ${applied.stderr}`).toBe(0);
        expect(applied.stderr, `${set}: warnings from the server`).toBe('');
        counts.push(`${set} ${n}`);
      }
      const dry = await helmk([
        'install',
        RELEASE,
        UMBRELLA,
        '-n',
        NS,
        '-f',
        valuesFile('dev'),
        '--set',
        `global.image.tag=${TAG1}`,
        ...inlineJwtArgs(),
        '--dry-run=server',
      ]);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stderr).not.toMatch(/unknown field|invalid/i);
      report(
        'dry-run',
        `kubectl apply --server-side --dry-run=server --validate=strict accepted ${counts.join(', ')} objects (Istio and prometheus-operator kinds included); helm install --dry-run=server (dev) clean`,
      );
    },
    STEP,
  );

  it(
    'then helm install (dev values, generated JWT pair) runs the hook Jobs in weight order and every Deployment becomes available',
    async () => {
      const jobs = await watch(`/apis/batch/v1/namespaces/${NS}/jobs`);
      const deploys = await watch(`/apis/apps/v1/namespaces/${NS}/deployments`);
      const stores = await watch(`/apis/apps/v1/namespaces/${NS}/statefulsets`);
      await helmOk(
        [
          'install',
          RELEASE,
          UMBRELLA,
          '-n',
          NS,
          '-f',
          valuesFile('dev'),
          '--set',
          `global.image.tag=${TAG1}`,
          ...inlineJwtArgs(),
          ...TIMEOUT,
        ],
        'helm install (dev)',
      );
      const jobEvents = await jobs.stop();
      const deployEvents = await deploys.stop();
      const storeEvents = await stores.stop();

      // The hook Jobs the chart renders, with their weights.
      const rendered = parseObjects(
        helm([
          'template',
          RELEASE,
          UMBRELLA,
          '--namespace',
          NS,
          '-f',
          valuesFile('dev'),
          '--set',
          `global.image.tag=${TAG1}`,
          ...inlineJwtArgs(),
        ]).stdout,
      );
      const hookJobs = rendered
        .filter((o) => o.kind === 'Job' && o.metadata.annotations?.['helm.sh/hook']?.includes('pre-install'))
        .map((o) => ({
          name: o.metadata.name,
          weight: Number(o.metadata.annotations?.['helm.sh/hook-weight'] ?? 0),
        }));
      expect(hookJobs.length).toBeGreaterThan(1);
      // resourceVersions are etcd revisions: one global order of every write the server made.
      const created = (name: string) =>
        rv(jobEvents.find((e) => e.type === 'ADDED' && e.object.metadata.name === name)!);
      const completed = (name: string) => {
        const e = jobEvents.find((x) => x.object.metadata.name === name && jobDone(x));
        expect(e, `hook Job ${name} completed`).toBeDefined();
        return rv(e!);
      };
      for (const a of hookJobs)
        for (const b of hookJobs)
          if (a.weight < b.weight)
            expect(
              completed(a.name),
              `${a.name} (weight ${a.weight}) done before ${b.name} (${b.weight}) starts`,
            ).toBeLessThan(created(b.name));
      // The data stores (hook StatefulSets) exist before the first hook Job of a higher weight.
      const storeHooks = rendered.filter(
        (o) => o.kind === 'StatefulSet' && o.metadata.annotations?.['helm.sh/hook']?.includes('pre-install'),
      );
      for (const st of storeHooks) {
        const w = Number(st.metadata.annotations?.['helm.sh/hook-weight'] ?? 0);
        const added = storeEvents.find(
          (e) => e.type === 'ADDED' && e.object.metadata.name === st.metadata.name,
        );
        expect(added, `data store ${st.metadata.name} created`).toBeDefined();
        for (const j of hookJobs.filter((x) => x.weight > w))
          expect(rv(added!), `${st.metadata.name} before ${j.name}`).toBeLessThan(created(j.name));
      }
      const firstDeployment = Math.min(...deployEvents.filter((e) => e.type === 'ADDED').map(rv));
      for (const j of hookJobs)
        expect(completed(j.name), `${j.name} done before the first Deployment`).toBeLessThan(firstDeployment);

      const n = await allAvailable();
      const pods = (await list(NS, 'pods')) as Loose[];
      const onKwok = pods.filter(
        (p) => p.spec.nodeName?.startsWith('kwok-node-') && p.status.phase === 'Running',
      );
      expect(onKwok.length).toBeGreaterThanOrEqual(n);
      expect(await revision()).toEqual({ revision: 1, status: 'deployed' });
      const order = [...new Set(hookJobs.map((j) => j.weight))]
        .sort((x, y) => x - y)
        .map((w) =>
          hookJobs
            .filter((j) => j.weight === w)
            .map((j) => j.name)
            .join('+'),
        );
      report(
        'install',
        `revision 1 deployed; data stores ${storeHooks.map((o) => o.metadata.name).join('+') || '(none)'} created, then hook Jobs completed in weight order ${order.join(' < ')}, all before the first Deployment; ${n} Deployments available, ${onKwok.length} pods Running on kwok nodes`,
      );
    },
    STEP,
  );

  it(
    'then helm upgrade with a new image tag runs the migrations first and rolls every Deployment with no moment below its desired ready replicas',
    async () => {
      const before = await deployments();
      const jobs = await watch(`/apis/batch/v1/namespaces/${NS}/jobs`);
      const deploys = await watch(`/apis/apps/v1/namespaces/${NS}/deployments`);
      const replicaSets = await watch(`/apis/apps/v1/namespaces/${NS}/replicasets`);
      await helmOk(
        [
          'upgrade',
          RELEASE,
          chart,
          '-n',
          NS,
          '--reuse-values',
          '--set',
          `global.image.tag=${TAG2}`,
          ...TIMEOUT,
        ],
        'helm upgrade (image tag)',
      );
      const jobEvents = await jobs.stop();
      const events = await deploys.stop();
      const rsEvents = await replicaSets.stop();

      const after = await deployments();
      for (const d of after) {
        expect(
          images(d).every((i) => i.endsWith(`:${TAG2}`)),
          `${d.metadata.name} runs ${TAG2}`,
        ).toBe(true);
        const old = before.find((b) => b.metadata.name === d.metadata.name);
        expect(d.metadata.generation, `${d.metadata.name} pod template changed`).toBeGreaterThan(
          old.metadata.generation,
        );
      }
      const migrations = jobEvents.filter(
        (e) => e.type === 'ADDED' && e.object.metadata.name.endsWith('-migrate'),
      );
      expect(migrations.length).toBeGreaterThan(0);
      for (const m of migrations) expect(images(m.object).every((i) => i.endsWith(`:${TAG2}`))).toBe(true);
      const lastMigrationDone = Math.max(...jobEvents.filter(jobDone).map(rv));
      const firstRoll = Math.min(
        ...events.filter((e) => images(e.object).some((i) => i.endsWith(`:${TAG2}`))).map(rv),
      );
      expect(lastMigrationDone, 'pre-upgrade migrations complete before any Deployment changes').toBeLessThan(
        firstRoll,
      );

      // maxUnavailable 0, observed: in no state the server reported did a Deployment have fewer
      // ready or available replicas than desired.
      const dips = events
        .filter((e) => e.type === 'MODIFIED')
        .filter((e) => {
          const s = (e.object.status ?? {}) as Loose;
          return (
            (s.readyReplicas ?? 0) < e.object.spec.replicas ||
            (s.availableReplicas ?? 0) < e.object.spec.replicas
          );
        });
      expect(
        dips.map((e) => `${e.object.metadata.name} rv ${rv(e)}: ${JSON.stringify(e.object.status)}`),
      ).toEqual([]);
      // The same from the ReplicaSets: replaying their watch stream (one etcd order), the available
      // pods of each Deployment's ReplicaSets together never drop below its desired replicas, and
      // each Deployment got a new ReplicaSet (a real rollout) while its old one went to zero.
      const desired = new Map(after.map((d) => [d.metadata.name as string, d.spec.replicas as number]));
      const owner = (rs: Loose): string => rs.metadata.ownerReferences?.[0]?.name ?? '';
      const state = new Map<string, Loose>(replicaSets.initial.map((rs) => [rs.metadata.name, rs]));
      const lowest = new Map<string, number>();
      const newSets = new Set<string>();
      for (const e of rsEvents) {
        if (e.type === 'BOOKMARK') continue;
        if (e.type === 'DELETED') state.delete(e.object.metadata.name);
        else state.set(e.object.metadata.name, e.object);
        if (e.type === 'ADDED') newSets.add(owner(e.object));
        const sum = new Map<string, number>();
        for (const rs of state.values())
          sum.set(owner(rs), (sum.get(owner(rs)) ?? 0) + ((rs.status?.availableReplicas as number) ?? 0));
        for (const [name, n] of sum) lowest.set(name, Math.min(lowest.get(name) ?? n, n));
      }
      for (const [name, want] of desired) {
        expect(newSets.has(name), `${name}: a new ReplicaSet rolled out`).toBe(true);
        expect(lowest.get(name), `${name}: available pods across its ReplicaSets`).toBeGreaterThanOrEqual(
          want,
        );
      }
      const oldScaledDown = [...state.values()].filter(
        (rs) => !images(rs).some((i) => i.endsWith(`:${TAG2}`)) && rs.spec.replicas === 0,
      ).length;
      expect(oldScaledDown).toBeGreaterThanOrEqual(after.length);
      expect((await revision()).revision).toBe(2);
      report(
        'upgrade',
        `revision 2: ${after.length} Deployments on ${TAG2}, ${migrations.length} migration Jobs on ${TAG2} done before the first template change; ${events.length} Deployment and ${rsEvents.length} ReplicaSet events watched, ${newSets.size} new ReplicaSets, ${oldScaledDown} old ones at 0, never below desired ready/available replicas`,
      );
    },
    STEP,
  );

  it(
    'then a changed supergraph file changes the gateway ConfigMap checksum and rolls the gateway only',
    async () => {
      const copy = join(tmp, 'charts');
      cpSync(CHARTS, copy, { recursive: true, filter: (src) => !src.includes(`${join(CHARTS, 'tests')}`) });
      appendFileSync(
        join(copy, 'gateway', 'files', 'supergraph.graphql'),
        `\n# cluster-test schema roll-out ${RUN}\n`,
      );
      const umbrellaCopy = join(copy, 'shopgraph');
      for (const c of ['gateway', 'shopgraph']) {
        const r = helm(['dependency', 'build', join(copy, c)]);
        expect(r.code, r.stderr).toBe(0);
      }
      const before = await deployments();
      const cmBefore = (await get(NS, 'configmap', 'gateway-supergraph')) as Loose;
      chart = umbrellaCopy;
      await helmOk(
        ['upgrade', RELEASE, chart, '-n', NS, '--reuse-values', ...TIMEOUT],
        'helm upgrade (supergraph)',
      );
      const after = await deployments();
      const cmAfter = (await get(NS, 'configmap', 'gateway-supergraph')) as Loose;
      expect(JSON.stringify(cmAfter.data)).not.toBe(JSON.stringify(cmBefore.data));
      const rolled = after
        .filter(
          (d) =>
            d.metadata.generation !==
            before.find((b) => b.metadata.name === d.metadata.name)?.metadata.generation,
        )
        .map((d) => d.metadata.name);
      expect(rolled).toEqual(['gateway']);
      const sum = (ds: Loose[]) =>
        ds.find((d) => d.metadata.name === 'gateway').spec.template.metadata.annotations[
          'checksum/supergraph'
        ];
      expect(sum(after)).not.toBe(sum(before));
      await allAvailable();
      report(
        'schema roll-out',
        `gateway-supergraph data changed, checksum/supergraph ${String(sum(before)).slice(0, 8)} -> ${String(sum(after)).slice(0, 8)}; rolled: ${rolled.join(',')}; ${after.length - 1} other Deployments kept their generation`,
      );
    },
    STEP,
  );

  it(
    `then a canary of ${CANARY} at weight 10 gets its own Deployment and a 90/10 VirtualService split, then promotion and removal as charts/README.md documents`,
    async () => {
      const stableBefore = (await get(NS, 'deployment', CANARY)) as Loose;
      await helmOk(
        [
          'upgrade',
          RELEASE,
          chart,
          '-n',
          NS,
          '--reuse-values',
          '--set',
          `${CANARY}.canary.enabled=true`,
          '--set',
          `${CANARY}.canary.image.tag=${CANARY_TAG}`,
          '--set',
          `${CANARY}.canary.weight=10`,
          ...TIMEOUT,
        ],
        'helm upgrade (canary 10)',
      );
      const canary = (await get(NS, 'deployment', `${CANARY}-canary`)) as Loose;
      expect(canary, 'canary Deployment').toBeDefined();
      expect(available(canary)).toBe(true);
      expect(images(canary).every((i) => i.endsWith(`:${CANARY_TAG}`))).toBe(true);
      expect(canary.spec.template.metadata.labels.version).toBe('canary');
      expect(routeWeights(await get(NS, 'virtualservice', CANARY))).toEqual({ stable: 90, canary: 10 });
      const subsets = ((await get(NS, 'destinationrule', CANARY)) as Loose).spec.subsets.map(
        (s: Loose) => s.name,
      );
      expect(subsets).toEqual(expect.arrayContaining(['stable', 'canary']));
      expect(((await get(NS, 'deployment', CANARY)) as Loose).metadata.generation).toBe(
        stableBefore.metadata.generation,
      );

      // Promote: the stable Deployment takes the candidate tag; then the canary goes away.
      await helmOk(
        [
          'upgrade',
          RELEASE,
          chart,
          '-n',
          NS,
          '--reuse-values',
          '--set',
          `${CANARY}.image.tag=${CANARY_TAG}`,
          ...TIMEOUT,
        ],
        'helm upgrade (promote)',
      );
      const promoted = (await get(NS, 'deployment', CANARY)) as Loose;
      expect(images(promoted).every((i) => i.endsWith(`:${CANARY_TAG}`))).toBe(true);
      expect(available(promoted)).toBe(true);
      await helmOk(
        [
          'upgrade',
          RELEASE,
          chart,
          '-n',
          NS,
          '--reuse-values',
          '--set',
          `${CANARY}.canary.weight=0`,
          '--set',
          `${CANARY}.canary.enabled=false`,
          ...TIMEOUT,
        ],
        'helm upgrade (remove canary)',
      );
      expect(await get(NS, 'deployment', `${CANARY}-canary`)).toBeUndefined();
      expect(routeWeights(await get(NS, 'virtualservice', CANARY))).toEqual({ stable: 100 });
      await allAvailable();
      report(
        'canary',
        `${CANARY}-canary available on ${CANARY_TAG}, VirtualService stable 90 / canary 10, DestinationRule subsets ${subsets.join('+')}; promoted: ${CANARY} on ${CANARY_TAG}; removed: no ${CANARY}-canary, stable 100; revision ${(await revision()).revision}`,
      );
    },
    STEP,
  );

  it(
    'then helm rollback to revision 1 restores the first image tag, the weights and the supergraph',
    async () => {
      const before = await revision();
      await helmOk(['rollback', RELEASE, '1', '-n', NS, ...TIMEOUT], 'helm rollback 1');
      const ds = await deployments();
      for (const d of ds)
        expect(
          images(d).every((i) => i.endsWith(`:${TAG1}`)),
          `${d.metadata.name} back on ${TAG1}`,
        ).toBe(true);
      expect(ds.map((d) => d.metadata.name)).not.toContain(`${CANARY}-canary`);
      expect(routeWeights(await get(NS, 'virtualservice', CANARY))).toEqual({ stable: 100 });
      const cm = (await get(NS, 'configmap', 'gateway-supergraph')) as Loose;
      expect(Object.values(cm.data as Record<string, string>).join('')).not.toContain(
        'cluster-test schema roll-out',
      );
      await allAvailable();
      expect(await revision()).toEqual({ revision: before.revision + 1, status: 'deployed' });
      chart = UMBRELLA;
      report(
        'rollback',
        `revision ${before.revision + 1} = revision 1: ${ds.length} Deployments on ${TAG1}, ${CANARY} stable 100, original supergraph, all available`,
      );
    },
    STEP,
  );

  const badValues: [string, string[], RegExp][] = [
    ['an unknown key', ['--set', `${CANARY}.replicaCuont=2`], /replicaCuont|additional propert/i],
    ['a wrong type', ['--set', `${CANARY}.replicaCount=two`], /replicaCount.*(integer|type)|type.*integer/i],
    ["'latest' as tag", ['--set', 'global.image.tag=latest'], /latest/],
    [
      'a canary weight of 150',
      [
        '--set',
        `${CANARY}.canary.enabled=true`,
        '--set',
        `${CANARY}.canary.image.tag=${CANARY_TAG}`,
        '--set',
        `${CANARY}.canary.weight=150`,
      ],
      /weight|maximum|150/i,
    ],
    [
      'a missing JWT Secret',
      [
        '--set',
        'global.jwt.existingSecret=absent-jwt',
        '--set',
        'global.jwt.inline.privateKey=',
        '--set',
        'global.jwt.inline.publicKey=',
      ],
      /absent-jwt/,
    ],
  ];

  it(
    "then bad values (unknown key, wrong type, latest tag, canary weight 150, missing JWT Secret) fail helm upgrade with the chart's message and the release keeps serving unchanged",
    async () => {
      const before = await snapshot();
      const seen: string[] = [];
      for (const [what, args, message] of badValues) {
        const r = await upgrade(args);
        expect(r.code, `${what}: helm upgrade must fail`).not.toBe(0);
        expect(r.stderr, what).toMatch(message);
        seen.push(`${what}: "${chartMessage(r.stderr, message)}"`);
        const now = await snapshot();
        expect(now.revision, `${what}: revision unchanged`).toBe(before.revision);
        expect(now.objects, `${what}: objects unchanged`).toEqual(before.objects);
      }
      expect((await revision()).status).toBe('deployed');
      await allAvailable();
      report(
        'bad values (upgrade)',
        `${badValues.length} refused, revision ${before.revision} deployed and ${Object.keys(before.objects).length} objects unchanged after each; ${seen.join('; ')}`,
      );
    },
    STEP,
  );

  it(
    'then helm uninstall leaves only the resource-policy: keep objects charts/README.md documents',
    async () => {
      await helmOk(['uninstall', RELEASE, '-n', NS, '--wait', '--timeout', '5m'], 'helm uninstall');
      await must(
        kubectl([
          '-n',
          NS,
          'wait',
          '--for=delete',
          'deployments,replicasets,jobs',
          '--all',
          '--timeout=120s',
        ]),
        'wait for deletions',
      );
      const kinds =
        'deployments,replicasets,statefulsets,jobs,services,configmaps,secrets,serviceaccounts,poddisruptionbudgets,horizontalpodautoscalers,virtualservices,destinationrules,authorizationpolicies,sidecars,peerauthentications,requestauthentications,gateways.networking.istio.io,servicemonitors,prometheusrules';
      const left = ((await list(NS, kinds)) as Loose[]).filter(
        (o) =>
          !(o.kind === 'ConfigMap' && o.metadata.name === 'kube-root-ca.crt') &&
          !(o.kind === 'ServiceAccount' && o.metadata.name === 'default'),
      );
      const notKept = left
        .filter((o) => o.metadata.annotations?.['helm.sh/resource-policy'] !== 'keep')
        .map((o) => `${o.kind}/${o.metadata.name}`);
      expect(notKept).toEqual([]);
      // The README's clean-up command (statefulset,service,secret,serviceaccount) covers what is left.
      for (const o of left) expect(['StatefulSet', 'Service', 'Secret', 'ServiceAccount']).toContain(o.kind);
      expect((await helmk(['status', RELEASE, '-n', NS])).code).not.toBe(0);
      report(
        'uninstall',
        `release gone; left ${left.length} objects, all helm.sh/resource-policy: keep (${left.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')})`,
      );
    },
    STEP,
  );

  it(
    "then prod-values installs once its Secrets exist, fails with the chart's message while one is missing, and refuses bad values at install",
    async () => {
      const prod = parse(readFileSync(valuesFile('prod'), 'utf8')) as Loose;
      const keys = jwtKeyFiles();
      const identity = identityKeyFiles();
      // The Secrets prod-values names, with the keys the chart reads from each.
      const secrets: [string, string[]][] = [
        [
          prod.global.jwt.existingSecret,
          [
            `JWT_PRIVATE_KEY=${readFileSync(keys.privateKey, 'utf8')}`,
            `JWT_PUBLIC_KEY=${readFileSync(keys.publicKey, 'utf8')}`,
          ],
        ],
        [
          prod.global.identity.existingSecret,
          [
            `GATEWAY_IDENTITY_PRIVATE_KEY=${readFileSync(identity.privateKey, 'utf8')}`,
            `GATEWAY_IDENTITY_PUBLIC_KEY=${readFileSync(identity.publicKey, 'utf8')}`,
          ],
        ],
        [prod.global.kafka.existingSecret, ['KAFKA_BROKERS=kafka-0.example.internal:9092']],
      ];
      for (const [name, v] of Object.entries(prod) as [string, Loose][])
        if (v?.database?.existingSecret)
          secrets.push([
            v.database.existingSecret,
            [`DATABASE_URL=postgres://${name}:pw@db.example.internal:5432/${name}`],
          ]);
      const install = (extra: string[] = []) =>
        helmk(['install', RELEASE, UMBRELLA, '-n', PROD_NS, '-f', valuesFile('prod'), ...TIMEOUT, ...extra]);

      for (const [what, args, message] of badValues.filter(([w]) => w !== 'a missing JWT Secret')) {
        const r = await install(args);
        expect(r.code, `${what}: helm install must fail`).not.toBe(0);
        expect(r.stderr, what).toMatch(message);
      }
      const [missing, ...present] = [...secrets].reverse();
      for (const [name, data] of present)
        await must(
          kubectl([
            '-n',
            PROD_NS,
            'create',
            'secret',
            'generic',
            name,
            ...data.map((d) => `--from-literal=${d}`),
          ]),
          `create Secret ${name}`,
        );
      const refused = await install();
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain(missing![0]);
      expect(refused.stderr).toMatch(/does not exist|create it/i);
      expect(
        (await helmk(['status', RELEASE, '-n', PROD_NS])).code,
        'no release after refused installs',
      ).not.toBe(0);
      expect(await deployments(PROD_NS)).toEqual([]);

      await must(
        kubectl([
          '-n',
          PROD_NS,
          'create',
          'secret',
          'generic',
          missing![0],
          ...missing![1].map((d) => `--from-literal=${d}`),
        ]),
        'create the missing Secret',
      );
      await helmOk(
        ['install', RELEASE, UMBRELLA, '-n', PROD_NS, '-f', valuesFile('prod'), ...TIMEOUT],
        'helm install (prod)',
      );
      const n = await allAvailable(PROD_NS);
      const hpas = await list(PROD_NS, 'horizontalpodautoscalers');
      const monitors = await list(PROD_NS, 'servicemonitors,prometheusrules');
      expect(hpas.length).toBeGreaterThan(0);
      expect(monitors.length).toBeGreaterThan(0);
      expect(await list(PROD_NS, 'statefulsets')).toEqual([]);
      expect(await revision(PROD_NS)).toEqual({ revision: 1, status: 'deployed' });
      report(
        'prod install',
        `${badValues.length - 1} bad value sets refused at install; without Secret ${missing![0]}: "${chartMessage(refused.stderr, missing![0])}"; with all ${secrets.length} Secrets: revision 1 deployed, ${n} Deployments available, ${hpas.length} HPAs, ${monitors.length} ServiceMonitors/PrometheusRules, no in-chart data stores`,
      );
    },
    STEP,
  );
});
