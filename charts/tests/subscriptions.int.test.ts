// The gateway's event-driven subscriptions (gateway/src/subscriptions/) in a cluster: the chart
// ships subscriptions.graphql beside the supergraph, gives the gateway Kafka (config, Sidecar
// egress, the in-chart Kafka's AuthorizationPolicy) and routes the long-lived streams without the
// request timeout. With gateway.subscriptions.enabled=false none of that is rendered.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHARTS, NAMESPACE, render, type K8sObject } from './helm.ts';

/** Rendered YAML of many kinds; tests read it structurally and assert on the values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const named = (objs: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objs.find((o) => o.kind === kind && o.metadata.name === name);
const gatewayPrincipal = `cluster.local/ns/${NAMESPACE}/sa/gateway`;
const kafkaHost = `./kafka.${NAMESPACE}.svc.cluster.local`;
const file = (name: string): string => readFileSync(join(CHARTS, 'gateway', 'files', name), 'utf8');
const data = (o: K8sObject | undefined): Record<string, string> =>
  (o?.['data'] ?? {}) as Record<string, string>;
const OFF = ['--set', 'gateway.subscriptions.enabled=false'];

describe('When the gateway serves subscriptions (the default, dev values)', () => {
  const objs = render('dev');

  it('then its ConfigMap has GATEWAY_SUBSCRIPTIONS, KAFKA_BROKERS of the in-chart Kafka and KAFKA_NAMESPACE', () => {
    expect(data(named(objs, 'ConfigMap', 'gateway-config'))).toMatchObject({
      GATEWAY_SUBSCRIPTIONS: 'true',
      KAFKA_BROKERS: `kafka.${NAMESPACE}.svc.cluster.local:9092`,
      KAFKA_NAMESPACE: '',
    });
  });

  it('then the supergraph ConfigMap carries subscriptions.graphql beside supergraph.graphql, both in the checksum', () => {
    const cm = data(named(objs, 'ConfigMap', 'gateway-supergraph'));
    expect(Object.keys(cm).sort()).toEqual(['subscriptions.graphql', 'supergraph.graphql']);
    expect(cm['subscriptions.graphql']).toBe(file('subscriptions.graphql').replace(/\n+$/, ''));
    const annotations = named(objs, 'Deployment', 'gateway')?.spec.template.metadata.annotations;
    expect(annotations['checksum/supergraph']).toBe(
      createHash('sha256')
        .update(file('supergraph.graphql') + file('subscriptions.graphql'))
        .digest('hex'),
    );
  });

  it("then the gateway's Sidecar may reach kafka and the in-chart Kafka admits the gateway", () => {
    expect(named(objs, 'Sidecar', 'gateway')?.spec.egress[0].hosts).toContain(kafkaHost);
    const principals: string[] = named(objs, 'AuthorizationPolicy', 'kafka-allow')?.spec.rules[0].from[0]
      .source.principals;
    expect(principals).toContain(gatewayPrincipal);
  });

  it('then the ingress may reach /graphql/stream (SSE) besides /graphql', () => {
    const ap = named(objs, 'AuthorizationPolicy', 'gateway-allow');
    expect(ap?.spec.rules[0].to[0].operation.paths).toEqual(['/graphql', '/graphql/stream']);
  });

  it('then SSE and WebSocket upgrades have a route of their own, first, with no timeout and no retries', () => {
    const http: Loose[] = named(objs, 'VirtualService', 'gateway')?.spec.http;
    expect(http.map((h) => h.name)).toEqual(['gateway-stream', 'gateway']);
    const [stream, rest] = http;
    expect(stream.timeout).toBeUndefined(); // Istio's default: none (its schema refuses '0s')
    expect(stream.retries).toEqual({ attempts: 0 });
    expect(stream.match).toEqual([
      { uri: { prefix: '/graphql/stream' } },
      { uri: { exact: '/graphql' }, headers: { upgrade: { regex: '(?i)websocket' } } },
      { uri: { exact: '/graphql' }, headers: { accept: { exact: 'text/event-stream' } } },
    ]);
    expect(stream.route).toEqual(rest.route);
    expect(rest.timeout).toBe('30s');
  });
});

describe('When Kafka is managed (prod values: global.kafka.existingSecret)', () => {
  const objs = render('prod');

  it('then the gateway reads KAFKA_BROKERS from that Secret like the subgraphs, not from its ConfigMap', () => {
    expect(data(named(objs, 'ConfigMap', 'gateway-config'))).not.toHaveProperty('KAFKA_BROKERS');
    expect(data(named(objs, 'ConfigMap', 'gateway-config'))).toHaveProperty('KAFKA_NAMESPACE');
    const env: Loose[] = named(objs, 'Deployment', 'gateway')?.spec.template.spec.containers[0].env;
    expect(env.find((e) => e.name === 'KAFKA_BROKERS')?.valueFrom.secretKeyRef).toEqual({
      name: 'shopgraph-kafka',
      key: 'KAFKA_BROKERS',
    });
  });
});

describe('When gateway.subscriptions.enabled=false', () => {
  const objs = render('dev', OFF);

  it('then the gateway gets GATEWAY_SUBSCRIPTIONS=false and no Kafka config', () => {
    const cm = data(named(objs, 'ConfigMap', 'gateway-config'));
    expect(cm['GATEWAY_SUBSCRIPTIONS']).toBe('false');
    expect(cm).not.toHaveProperty('KAFKA_BROKERS');
    expect(cm).not.toHaveProperty('KAFKA_NAMESPACE');
    const env: Loose[] = named(objs, 'Deployment', 'gateway')?.spec.template.spec.containers[0].env;
    expect(env.map((e) => e.name)).not.toContain('KAFKA_BROKERS');
    expect(render('prod', OFF).length).toBeGreaterThan(0);
    const prodEnv: Loose[] = named(render('prod', OFF), 'Deployment', 'gateway')?.spec.template.spec
      .containers[0].env;
    expect(prodEnv.map((e) => e.name)).not.toContain('KAFKA_BROKERS');
  });

  it('then the supergraph ConfigMap holds only supergraph.graphql and the checksum is of it alone', () => {
    expect(Object.keys(data(named(objs, 'ConfigMap', 'gateway-supergraph')))).toEqual(['supergraph.graphql']);
    expect(
      named(objs, 'Deployment', 'gateway')?.spec.template.metadata.annotations['checksum/supergraph'],
    ).toBe(createHash('sha256').update(file('supergraph.graphql')).digest('hex'));
  });

  it('then neither the Sidecar nor the Kafka AuthorizationPolicy lets the gateway reach Kafka', () => {
    expect(named(objs, 'Sidecar', 'gateway')?.spec.egress[0].hosts).not.toContain(kafkaHost);
    const principals: string[] = named(objs, 'AuthorizationPolicy', 'kafka-allow')?.spec.rules[0].from[0]
      .source.principals;
    expect(principals).not.toContain(gatewayPrincipal);
    expect(principals.length).toBeGreaterThan(0);
  });

  it('then /graphql/stream is not admitted and there is no stream route', () => {
    expect(named(objs, 'AuthorizationPolicy', 'gateway-allow')?.spec.rules[0].to[0].operation.paths).toEqual([
      '/graphql',
    ]);
    expect(named(objs, 'VirtualService', 'gateway')?.spec.http.map((h: Loose) => h.name)).toEqual([
      'gateway',
    ]);
  });
});

describe('When supergraph.subscriptionsFile is empty', () => {
  it('then the supergraph ConfigMap holds only supergraph.graphql (the gateway then switches subscriptions off)', () => {
    const objs = render('dev', ['--set', 'gateway.supergraph.subscriptionsFile=']);
    expect(Object.keys(data(named(objs, 'ConfigMap', 'gateway-supergraph')))).toEqual(['supergraph.graphql']);
  });
});
