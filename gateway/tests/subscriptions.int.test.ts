// Subscriptions through the gateway on the real stack (every subgraph, PostgreSQL, Kafka): the
// stack's services from scripts/stack/services.sh, and a gateway in this process on a fixed
// port (so it can be restarted under its clients). Events come from the real checkout saga,
// or, to replay a topic, from a producer writing to the stack's own Kafka namespace.
import { randomUUID } from 'node:crypto';
import { StockLevelChanged } from '@shopgraph/events';
import { jwtSignerConfigSpec, loadConfig, signAccessToken } from '@shopgraph/platform';
import { bearerFor, gql, startTestStack, UpstreamProducer, type TestStack } from '@shopgraph/testing';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newShopper, PLACE, seededProducts, type Shopper } from '../../tests/e2e/checkout-stack.ts';
import { configSpec } from '../src/config.ts';
import { createGateway, type GatewayService } from '../src/server.ts';
import { sseSubscribe, wsClient, wsSubscribe, type Received, type Result } from './subscriptions-clients.ts';

const BASE = 18400; // the stack: its gateway 18400, subgraphs 18401-18407
const GATEWAY_PORT = 18450; // the gateway under test
const BUFFER = 4;

const ORDER_UPDATED = `subscription($id: ID!) { orderUpdated(id: $id) {
  id status payment { status } shipments { status } lines { product { name brand { name } } } } }`;
const STOCK_CHANGED = `subscription($p: ID!) { stockChanged(productId: $p) { productId onHand reserved available } }`;
const SET_STOCK = `mutation($input: SetStockInput!) { setStock(input: $input) { onHand } }`;

type OrderPayload = {
  orderUpdated: { status: string; payment: { status: string } | null; shipments: unknown[] };
};
const orders = (results: Result[]) =>
  results.filter((r) => r.data).map((r) => (r.data as OrderPayload).orderUpdated);
const confirmed = (results: Result[]) =>
  orders(results).some(
    (o) => o.status === 'CONFIRMED' && o.payment?.status === 'AUTHORIZED' && o.shipments.length > 0,
  );

describe('subscriptions through the gateway (real stack)', () => {
  let stack: TestStack;
  let gateway: GatewayService;
  let url: string;
  let admin: string;
  let ada: Shopper;
  let bob: Shopper;
  const clients: Client[] = [];
  const products = seededProducts();
  // The supergraph's subgraph URLs are the default ports; the gateway reads overrides from process.env.
  const subgraphUrls = () =>
    Object.fromEntries(
      stack.services.map((s) => [
        `SUBGRAPH_${s.toUpperCase()}_URL`,
        `http://127.0.0.1:${stack.env[`${s.toUpperCase()}_PORT`]}/graphql`,
      ]),
    );
  const env = () => ({
    ...stack.env,
    KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    GATEWAY_PORT: String(GATEWAY_PORT),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // a loaded CI machine: registering (scrypt) may take seconds; this is no latency test
    SUBGRAPH_TIMEOUT_MS: '20000',
    GATEWAY_REQUEST_DEADLINE_MS: '30000',
    GATEWAY_SUBSCRIPTION_BUFFER: String(BUFFER),
    GATEWAY_SUBSCRIPTIONS_PER_CONNECTION: '3',
    GATEWAY_SUBSCRIPTION_CONSUMER_LINGER_MS: '600000',
  });
  const client = (authorization?: string, retry = false) => {
    const c = wsClient(url, authorization, retry);
    clients.push(c);
    return c;
  };
  const place = async (shopper: Shopper, paymentToken: string) => {
    const res = await gql<{ placeOrder: { id: string } }>(
      url,
      PLACE,
      {
        input: {
          idempotencyKey: randomUUID(),
          lines: [{ productId: products[0]!.id, quantity: 1 }],
          shippingAddressId: shopper.addressId,
          paymentToken,
        },
      },
      { authorization: `Bearer ${shopper.token}` },
    );
    if (!res.data) throw new Error(`placeOrder: ${JSON.stringify(res.errors)}`);
    return res.data.placeOrder.id;
  };
  const metric = async (name: string, labels: Record<string, string>) => {
    const m = await gateway.metrics.registry.getSingleMetric(name)?.get();
    const match = m?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x));
    return match?.value ?? 0;
  };

  beforeAll(async () => {
    stack = await startTestStack({
      name: 'subscriptions',
      basePort: BASE,
      env: { PAYMENT_SLOW_DELAY_MS: '3000' },
    });
    Object.assign(process.env, subgraphUrls());
    gateway = createGateway(loadConfig(configSpec, env()));
    url = (await gateway.start()).url;
    admin = (await bearerFor(stack.keys, { role: 'admin', subject: 'subscriptions-test' })).authorization;
    ada = await newShopper(url, 'ada');
    bob = await newShopper(url, 'bob');
    // The first subscription starts the gateway's Kafka consumer; later ones find it running.
    await wsSubscribe(client(), STOCK_CHANGED, { p: products[5]!.id }).until((r) => r.length > 0, 'warm-up');
  }, 300_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await gateway?.stop().catch(() => undefined);
    await stack?.stop();
    if (stack) for (const key of Object.keys(subgraphUrls())) delete process.env[key];
  }, 60_000);

  it('when a customer follows a new order over WebSocket, then PENDING first, then CONFIRMED with payment and shipments', async () => {
    const id = await place(ada, 'tok_slow');
    const received = wsSubscribe(client(`Bearer ${ada.token}`), ORDER_UPDATED, { id });
    const results = await received.until(confirmed, 'CONFIRMED');
    const statuses = orders(results).map((o) => o.status);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses.at(-1)).toBe('CONFIRMED');
    expect(statuses.indexOf('CONFIRMED')).toBeGreaterThan(statuses.lastIndexOf('PENDING'));
    expect(orders(results).at(-1)).toMatchObject({ lines: [{ product: { name: expect.any(String) } }] });
    expect(
      await metric('shopgraph_gateway_subscription_payloads_total', { field: 'orderUpdated' }),
    ).toBeGreaterThan(1);
  });

  it('when a customer follows a new order over SSE, then PENDING first, then CONFIRMED with payment and shipments', async () => {
    const id = await place(ada, 'tok_slow');
    const { received, status, abort } = sseSubscribe(url, ORDER_UPDATED, { id }, `Bearer ${ada.token}`);
    expect(await status).toBe(200);
    const results = await received.until(confirmed, 'CONFIRMED');
    abort();
    expect(orders(results)[0]!.status).toBe('PENDING');
    expect(orders(results).at(-1)!.status).toBe('CONFIRMED');
  });

  it('when a query lists text/event-stream beside JSON in Accept (urql does), then it gets its JSON answer, not SSE', async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json, text/event-stream, multipart/mixed',
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('when the card is declined, then the subscriber sees PAYMENT_FAILED', async () => {
    const id = await place(ada, 'tok_decline');
    const received = wsSubscribe(client(`Bearer ${ada.token}`), ORDER_UPDATED, { id });
    const results = await received.until(
      (r) => orders(r).some((o) => o.status === 'PAYMENT_FAILED'),
      'PAYMENT_FAILED',
    );
    expect(orders(results).at(-1)!.payment?.status).toBe('DECLINED');
  });

  it("when customer B subscribes to A's order, then FORBIDDEN and no payload; anonymous, then UNAUTHENTICATED", async () => {
    const id = await place(ada, 'tok_visa');
    const forbidden = wsSubscribe(client(`Bearer ${bob.token}`), ORDER_UPDATED, { id });
    await forbidden.until(() => forbidden.ended, 'the end');
    expect(forbidden.codes).toEqual(['FORBIDDEN']);
    expect(forbidden.results.every((r) => !r.data)).toBe(true);
    const anonymous = wsSubscribe(client(), ORDER_UPDATED, { id });
    await anonymous.until(() => anonymous.ended, 'the end');
    expect(anonymous.codes).toEqual(['UNAUTHENTICATED']);
    const sse = sseSubscribe(url, ORDER_UPDATED, { id });
    await sse.received.until(() => sse.received.ended, 'the end');
    expect(sse.received.codes).toEqual(['UNAUTHENTICATED']);
    expect(sse.received.results.every((r) => !r.data)).toBe(true);
  });

  it('when the access token expires mid-stream, then the stream ends with UNAUTHENTICATED', async () => {
    const id = await place(ada, 'tok_visa');
    const signer = loadConfig(jwtSignerConfigSpec, {
      JWT_PRIVATE_KEY: stack.keys.privatePem,
      JWT_TTL_SECONDS: '60',
    });
    const identity = { role: 'customer', subject: ada.id, customerId: ada.id } as const;
    const { token } = await signAccessToken(signer, identity, new Date(Date.now() - 58_000)); // 2 s left
    const received = wsSubscribe(client(`Bearer ${token}`), ORDER_UPDATED, { id });
    await received.until(() => received.ended, 'the end');
    expect(received.results[0]?.data).toBeTruthy();
    expect(received.results.at(-1)?.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('when a topic is replayed (the same event ids again), then no duplicate payload', async () => {
    const product = products[3]!;
    const received = wsSubscribe(client(), STOCK_CHANGED, { p: product.id });
    const [current] = await received.until((r) => r.length === 1, 'the current state');
    const level = (current!.data as { stockChanged: { onHand: number; reserved: number; available: number } })
      .stockChanged;
    const producer = new UpstreamProducer(process.env['KAFKA_BROKERS'], stack.env['KAFKA_NAMESPACE']);
    await producer.connect([StockLevelChanged.topic]);
    const data = { productId: product.id, ...level };
    const replayed = await producer.send(StockLevelChanged, product.id, data);
    await received.until((r) => r.length === 2, 'the first delivery');
    await producer.send(StockLevelChanged, product.id, data, replayed);
    await producer.send(StockLevelChanged, product.id, data, replayed);
    await producer.send(StockLevelChanged, product.id, data); // a new id: marks the end of the replay
    await received.until((r) => r.length >= 3, 'the marker');
    await producer.disconnect();
    expect(received.results).toHaveLength(3);
    expect(
      await metric('shopgraph_gateway_subscription_drops_total', { reason: 'duplicate_event' }),
    ).toBeGreaterThanOrEqual(2);
  });

  it('when 5 clients follow one product with the same document, then each event is one execution and 5 payloads, in order', async () => {
    const product = products[7]!;
    const executions = () =>
      metric('shopgraph_gateway_subscription_executions_total', { field: 'stockChanged' });
    const payloads = () => metric('shopgraph_gateway_subscription_payloads_total', { field: 'stockChanged' });
    const [executionsBefore, payloadsBefore] = [await executions(), await payloads()];
    const [a, b] = [client(), client()]; // at most 3 per connection here
    const followers = [a, a, a, b, b].map((c) => wsSubscribe(c, STOCK_CHANGED, { p: product.id }));
    await Promise.all(followers.map((r) => r.until((x) => x.length === 1, 'the current state')));
    const producer = new UpstreamProducer(process.env['KAFKA_BROKERS'], stack.env['KAFKA_NAMESPACE']);
    await producer.connect([StockLevelChanged.topic]);
    const data = { productId: product.id, onHand: 10, reserved: 0, available: 10 };
    for (let i = 0; i < 3; i++) await producer.send(StockLevelChanged, product.id, data);
    await producer.disconnect();
    await Promise.all(followers.map((r) => r.until((x) => x.length === 4, 'three event payloads')));
    expect((await executions()) - executionsBefore).toBe(3);
    expect((await payloads()) - payloadsBefore).toBe(5 * 4);
    for (const f of followers) expect(f.results).toEqual(followers[0]!.results);
  });

  it('when one connection opens more subscriptions than allowed, then TOO_MANY_SUBSCRIPTIONS', async () => {
    const c = client();
    const open = [1, 2, 3].map((i) => wsSubscribe(c, STOCK_CHANGED, { p: products[i]!.id }));
    await Promise.all(open.map((r) => r.until((x) => x.length > 0, 'the current state')));
    const fourth = wsSubscribe(c, STOCK_CHANGED, { p: products[4]!.id });
    await fourth.until(() => fourth.ended, 'the end');
    expect(fourth.codes).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
  });

  it('when a client never reads, then it is dropped once it is more than the buffer behind', async () => {
    const product = products[6]!;
    const aliases = Array.from(
      { length: 15 },
      (_, i) => `m${i}: movements(first: 100) { edges { node { id reason actor } } }`,
    );
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const acked = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await acked;
    const first = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(
      JSON.stringify({
        id: '1',
        type: 'subscribe',
        payload: {
          query: `subscription($p: ID!) { stockChanged(productId: $p) { ${aliases.join(' ')} } }`,
          variables: { p: product.id },
        },
      }),
    );
    await first;
    socket.pause(); // from now on this client reads nothing
    const drops = () => metric('shopgraph_gateway_subscription_drops_total', { reason: 'slow_client' });
    const before = await drops();
    const reason = 'r'.repeat(200);
    for (let i = 0; (await drops()) === before; i++) {
      if (i > 400) throw new Error('the slow client was never dropped');
      await gql(
        url,
        SET_STOCK,
        { input: { productId: product.id, onHand: 500 + (i % 2), reason } },
        { authorization: admin },
      );
    }
    socket.resume();
    // 1008 when the close frame got through before the socket was cut (1006), a second later
    expect([1008, 1006]).toContain(await closed);
  });

  it('when the gateway restarts mid-stream, then the client reconnects (1012) and first receives the current state', async () => {
    const id = await place(ada, 'tok_visa');
    const c = client(`Bearer ${ada.token}`, true);
    const codes: number[] = [];
    c.on('closed', (event) => codes.push((event as { code: number }).code));
    const received: Received = wsSubscribe(c, ORDER_UPDATED, { id });
    await received.until((r) => orders(r).some((o) => o.status === 'CONFIRMED'), 'CONFIRMED');
    const before = received.results.length;
    await gateway.stop();
    gateway = createGateway(loadConfig(configSpec, env()));
    await gateway.start();
    const results = await received.until((r) => r.length > before, 'the state after the restart');
    expect(codes).toContain(1012);
    expect(orders(results)[before]).toMatchObject({ status: 'CONFIRMED', payment: { status: 'AUTHORIZED' } });
  });
});
