// The shipped observability, proven against a running stack: Jaeger v2 and Debian's Prometheus
// (scripts/observe/observe.sh, as `make up OBSERVE=1` runs them) beside one test stack with
// tracing on. After a little traffic (catalog, one checkout, one dead-lettered event, one bad
// token), every dashboard panel target and alert expression must parse in Prometheus and every
// metric it names must exist in the scraped data; and a placeOrder sent with a known trace id
// must come back from Jaeger's query API as one trace with spans of all five checkout services.
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, gql, ROOT, runScript, startTestStack, type TestStack } from '@shopgraph/testing';
import { bearer, newShopper, seededProducts } from '../../tests/e2e/checkout-stack.ts';

const BASE_PORT = 19000; // the stack: gateway 19000, subgraphs 19001-19007
const OBSERVE_ENV = {
  OBSERVE_DIR: path.join(tmpdir(), `shopgraph-observe-${randomBytes(3).toString('hex')}`),
  PROMETHEUS_PORT: '19100',
  PROMETHEUS_SCRAPE_INTERVAL: '1s',
  JAEGER_OTLP_GRPC_PORT: '19101',
  JAEGER_OTLP_HTTP_PORT: '19102',
  JAEGER_QUERY_PORT: '19103',
  JAEGER_QUERY_GRPC_PORT: '19104',
  JAEGER_HEALTH_PORT: '19105',
  GATEWAY_PORT: String(BASE_PORT),
  ...Object.fromEntries(
    ['brands', 'products', 'inventory', 'customers', 'orders', 'payments', 'fulfillment'].map((s, i) => [
      `${s.toUpperCase()}_PORT`,
      String(BASE_PORT + 1 + i),
    ]),
  ),
};
const PROMETHEUS = `http://127.0.0.1:${OBSERVE_ENV.PROMETHEUS_PORT}`;
const JAEGER = `http://127.0.0.1:${OBSERVE_ENV.JAEGER_QUERY_PORT}`;
const CHECKOUT_SERVICES = ['gateway', 'orders', 'inventory', 'payments', 'fulfillment'];

interface Expression {
  readonly where: string;
  readonly expr: string;
}

/** Every panel target of every dashboard and every alert expr, with where it comes from. */
function shippedExpressions(): Expression[] {
  const out: Expression[] = [];
  const dashboards = path.join(ROOT, 'observability/dashboards');
  for (const file of readdirSync(dashboards).filter((f) => f.endsWith('.json'))) {
    const d = JSON.parse(readFileSync(path.join(dashboards, file), 'utf8')) as {
      title: string;
      panels: { title: string; targets: { expr: string; refId: string }[] }[];
    };
    for (const p of d.panels)
      for (const t of p.targets)
        out.push({ where: `dashboard "${d.title}", panel "${p.title}" (${t.refId})`, expr: t.expr });
  }
  const alerts = path.join(ROOT, 'observability/alerts');
  for (const file of readdirSync(alerts).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(path.join(alerts, file), 'utf8');
    // - alert: Name\n  expr: <one line> | expr: |\n  <indented block>
    for (const m of text.matchAll(/- alert: (\w+)\n\s+expr: (?:\|\n((?:\s{10,}.*\n)+)|(.*)\n)/g))
      out.push({ where: `alert ${m[1]} (${file})`, expr: (m[2] ?? m[3] ?? '').replace(/\s+/g, ' ').trim() });
  }
  return out;
}

/** Grafana's variables as Prometheus would see them for "All" over a 1-minute range. */
const asPromQL = (expr: string): string =>
  expr.replaceAll('$__rate_interval', '1m').replace(/\$\{?(service|subgraph)\}?/g, '.*');

const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
]);

/** The metric names a PromQL expression selects (not functions, labels, keywords or strings). */
export function metricNames(expr: string): string[] {
  const s = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const m of s.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    if (KEYWORDS.has(m[0])) continue;
    if (
      s
        .slice(m.index + m[0].length)
        .trimStart()
        .startsWith('(')
    )
      continue; // a function
    names.add(m[0]);
  }
  return [...names];
}

async function promQuery(
  query: string,
): Promise<{ status: string; error?: string; data?: { result: unknown[] } }> {
  const res = await fetch(`${PROMETHEUS}/api/v1/query?${new URLSearchParams({ query })}`);
  return (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
}

const hasSeries = async (selector: string) => ((await promQuery(selector)).data?.result.length ?? 0) > 0;

interface JaegerTrace {
  spans: {
    spanID: string;
    operationName: string;
    processID: string;
    references?: { refType: string; spanID: string }[];
  }[];
  processes: Record<string, { serviceName: string }>;
}

describe('When the stack runs with Prometheus and Jaeger and serves a little traffic', () => {
  let stack: TestStack;
  let traceId: string;

  beforeAll(async () => {
    runScript('scripts/observe/observe.sh', ['start'], OBSERVE_ENV);
    stack = await startTestStack({
      name: 'observe',
      basePort: BASE_PORT,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OBSERVE_ENV.JAEGER_OTLP_HTTP_PORT}`,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    const gateway = stack.gateway;
    // catalog, a rejected token, one checkout (with a trace id we choose), one poison event
    await gql(
      gateway,
      '{ products(first: 5) { edges { node { sku name brand { name } stock { available } } } } }',
    );
    await gql(gateway, '{ me { email } }', {}, { authorization: 'Bearer not-a-token' });
    const shopper = await newShopper(gateway, 'observer');
    const product = seededProducts()[0]!;
    traceId = randomBytes(16).toString('hex');
    const placed = await gql<{ placeOrder: { id: string } }>(
      gateway,
      'mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }',
      {
        input: {
          idempotencyKey: randomUUID(),
          lines: [{ productId: product.id, quantity: 1 }],
          shippingAddressId: shopper.addressId,
          paymentToken: 'tok_visa',
        },
      },
      { ...bearer(shopper.token), traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(placed.errors, JSON.stringify(placed.errors)).toBeUndefined();
    const orderId = placed.data!.placeOrder.id;
    await eventually(
      async () => {
        const r = await gql<{ order: { status: string } }>(
          gateway,
          'query Order($id: ID!) { order(id: $id) { status } }',
          { id: orderId },
          bearer(shopper.token),
        );
        return r.data?.order.status === 'CONFIRMED' ? true : undefined;
      },
      60_000,
      'order CONFIRMED',
    );
    const kafka = new Kafka({
      brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${stack.env['KAFKA_NAMESPACE']}.shopgraph.orders.events`,
      messages: [{ key: 'poison', value: 'this is not a CloudEvent' }],
    });
    await producer.disconnect();
    // Prometheus has scraped the outcome (1 s interval)
    await eventually(
      async () => ((await hasSeries('sum(shopgraph_events_dead_lettered_total) > 0')) ? true : undefined),
      60_000,
      'dead letter scraped',
    );
    await eventually(
      async () =>
        (await hasSeries('shopgraph_orders_transitions_total{to="CONFIRMED"} > 0')) ? true : undefined,
      30_000,
      'checkout scraped',
    );
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    runScript('scripts/observe/observe.sh', ['stop'], OBSERVE_ENV);
  }, 60_000);

  it('then every dashboard panel target and alert expression parses and reads only metrics that exist', async () => {
    const expressions = shippedExpressions();
    expect(expressions.length).toBeGreaterThan(40);
    const problems: string[] = [];
    const exists = new Map<string, boolean>();
    for (const { where, expr } of expressions) {
      const parsed = await promQuery(asPromQL(expr));
      if (parsed.status !== 'success')
        problems.push(`${where}: does not evaluate: ${parsed.error ?? parsed.status}`);
      const names = metricNames(expr);
      if (names.length === 0) problems.push(`${where}: names no metric: ${expr}`);
      for (const name of names) {
        if (!exists.has(name)) exists.set(name, await hasSeries(`count({__name__="${name}"})`));
        if (!exists.get(name)) problems.push(`${where}: metric ${name} does not exist in the scraped data`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });

  it('then the alert rules are loaded and healthy in Prometheus', async () => {
    const res = (await (await fetch(`${PROMETHEUS}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    const rules = res.data.groups.flatMap((g) => g.rules);
    expect(rules.length).toBe(shippedExpressions().filter((e) => e.where.startsWith('alert ')).length);
    await eventually(
      async () => {
        const r = (await (await fetch(`${PROMETHEUS}/api/v1/rules`)).json()) as typeof res;
        const all = r.data.groups.flatMap((g) => g.rules);
        return all.every((x) => x.health === 'ok') ? true : undefined;
      },
      30_000,
      'every rule evaluated ok',
    );
  });

  it('then the placeOrder is one trace in Jaeger with spans from gateway, orders, inventory, payments and fulfillment', async () => {
    const services = await eventually(
      async () => {
        const res = await fetch(`${JAEGER}/api/traces/${traceId}`);
        if (!res.ok) return undefined;
        const body = (await res.json()) as { data: JaegerTrace[] };
        const trace = body.data[0];
        if (!trace) return undefined;
        const seen = new Set(trace.spans.map((s) => trace.processes[s.processID]?.serviceName));
        const done = trace.spans.some(
          (s) =>
            trace.processes[s.processID]?.serviceName === 'orders' &&
            s.operationName === 'process shopgraph.payments.events',
        );
        return done && CHECKOUT_SERVICES.every((s) => seen.has(s)) ? { seen, trace } : undefined;
      },
      60_000,
      `trace ${traceId} with spans of ${CHECKOUT_SERVICES.join(', ')}`,
    );
    expect([...services.seen]).toEqual(expect.arrayContaining(CHECKOUT_SERVICES));
    const names = services.trace.spans.map((s) => s.operationName);
    expect(names).toContain('PlaceOrder'); // the gateway's operation span
    expect(names).toContain('subgraph orders'); // its subgraph fetch
    const of = (service: string) =>
      services.trace.spans
        .filter((s) => services.trace.processes[s.processID]?.serviceName === service)
        .map((s) => s.operationName);
    // the saga hop by hop: orders -> Kafka -> inventory -> payments -> fulfillment -> orders
    expect(of('orders')).toContain('send shopgraph.orders.events');
    expect(of('inventory')).toContain('process shopgraph.orders.events');
    expect(of('payments')).toContain('process shopgraph.inventory.events');
    expect(of('payments')).toContain('authorize payment');
    expect(of('fulfillment')).toContain('process shopgraph.payments.events');
    expect(of('orders')).toContain('process shopgraph.payments.events');
    // one tree: only the gateway's server span has no parent inside the trace
    const ids = new Set(services.trace.spans.map((s) => s.spanID));
    const roots = services.trace.spans.filter(
      (s) => !(s.references ?? []).some((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID)),
    );
    expect(roots.map((s) => services.trace.processes[s.processID]?.serviceName)).toEqual(['gateway']);
  });
});
