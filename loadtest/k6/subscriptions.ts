// Live order status (#14): N shoppers each place an order and follow it over GraphQL over
// WebSocket (graphql-transport-ws, by hand with k6's websockets API: connection_init ->
// connection_ack, subscribe, next..., complete), and each must see CONFIRMED pushed.
// Run: k6 run -e GATEWAY_URL=https://shop.example/graphql -e SUBSCRIBERS=1000 loadtest/k6/subscriptions.ts
// Env: SUBSCRIBERS (100) concurrent subscriptions, one order each; SHOPPERS (10) customers
// registered in setup and shared by the VUs; TIMEOUT_MS (30000) for CONFIRMED to arrive.
import { check, fail, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { setTimeout, clearTimeout } from 'k6/timers';
import { WebSocket, type MessageEvent } from 'k6/websockets';
import { GATEWAY_URL, post } from './lib/graphql.ts';

const SUBSCRIBERS = Number(__ENV.SUBSCRIBERS || 100);
const SHOPPERS = Number(__ENV.SHOPPERS || 10);
const TIMEOUT_MS = Number(__ENV.TIMEOUT_MS || 30_000);
const WS_URL = GATEWAY_URL.replace(/^http/, 'ws');

const Register = `mutation Register($input: RegisterCustomerInput!) { registerCustomer(input: $input) { token customer { id } } }`;
const AddAddress = `mutation AddAddress($input: AddressInput!) { addAddress(input: $input) { id } }`;
const Products = `query Products { products(first: 50) { edges { node { id stock { available } } } } }`;
const PlaceOrder = `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { id status } }`;
// The storefront's order page selection, in short: status, payment and shipments from their subgraphs.
const OrderUpdated = `subscription OrderUpdated($id: ID!) { orderUpdated(id: $id) { id status payment { status } shipments { status } } }`;

/** placeOrder sent -> CONFIRMED payload received (client clock). */
const toConfirmed = new Trend('subscription_place_to_confirmed', true);
/** subscribe sent -> first payload (the current state) received. */
const firstPayload = new Trend('subscription_first_payload', true);
/** Each subscription saw CONFIRMED (with payment and shipment resolved) before TIMEOUT_MS. */
const sawConfirmed = new Rate('subscription_saw_confirmed');
/** Payloads received, and GraphQL errors or abnormal closes. */
const payloads = new Counter('subscription_payloads');
const failures = new Counter('subscription_failures');

export const options: Options = {
  setupTimeout: '5m',
  scenarios: {
    subscribers: {
      executor: 'per-vu-iterations',
      vus: SUBSCRIBERS,
      iterations: 1,
      maxDuration: '5m',
    },
  },
  // Issue #14: every subscription sees CONFIRMED; the push is prompt once the saga settles.
  thresholds: {
    subscription_saw_confirmed: ['rate>0.99'],
    subscription_failures: ['count<1'],
    subscription_first_payload: ['p(95)<500'],
    subscription_place_to_confirmed: ['p(95)<3000'],
    ws_connecting: ['p(95)<500'],
    checks: ['rate>0.99'],
  },
};

interface Shopper {
  token: string;
  addressId: string;
}
interface SetupData {
  shoppers: Shopper[];
  productIds: string[];
}

const uuid = () =>
  'xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx'.replace(/x/g, () => Math.floor(Math.random() * 16).toString(16));

export function setup(): SetupData {
  const listed = post('Products', Products, {}) as {
    products?: { edges: { node: { id: string; stock: { available: number } | null } }[] };
  };
  const productIds = (listed?.products?.edges ?? [])
    .map((e) => e.node)
    .filter((p) => (p.stock?.available ?? 0) >= 100)
    .map((p) => p.id);
  if (productIds.length === 0) fail('no product with 100 in stock to order');
  const shoppers: Shopper[] = [];
  for (let i = 0; i < SHOPPERS; i++) {
    const name = `k6-live-${i}-${uuid().slice(0, 8)}`;
    const reg = post('Register', Register, {
      input: { email: `${name}@example.com`, password: `${name}-password`, name },
    }) as { registerCustomer?: { token: string } };
    const token = reg?.registerCustomer?.token;
    if (!token) fail('registerCustomer failed');
    const address = post(
      'AddAddress',
      AddAddress,
      { input: { name, line1: '1 Load Street', city: 'Stockholm', postalCode: '111 22', country: 'SE' } },
      token,
    ) as { addAddress?: { id: string } };
    const addressId = address?.addAddress?.id;
    if (!addressId) fail('addAddress failed');
    shoppers.push({ token: token!, addressId: addressId! });
  }
  // The address reaches orders through Kafka (AddressAdded): a shopper can order once it is known.
  sleep(3);
  return { shoppers, productIds };
}

export default function (data: SetupData): void {
  const shopper = data.shoppers[exec.vu.idInTest % data.shoppers.length]!;
  const productId = data.productIds[exec.vu.idInTest % data.productIds.length]!;
  let placed: { placeOrder?: { id: string } } | undefined;
  let placedAt = 0;
  // Retried a few times: the address may still be on its way to orders.
  for (let attempt = 0; attempt < 10 && !placed?.placeOrder; attempt++) {
    if (attempt > 0) sleep(1);
    placedAt = Date.now();
    placed = post(
      'PlaceOrder',
      PlaceOrder,
      {
        input: {
          idempotencyKey: uuid(),
          lines: [{ productId, quantity: 1 }],
          shippingAddressId: shopper.addressId,
          paymentToken: 'tok_visa',
        },
      },
      shopper.token,
    ) as { placeOrder?: { id: string } } | undefined;
  }
  const orderId = placed?.placeOrder?.id;
  if (!orderId) {
    failures.add(1);
    sawConfirmed.add(false);
    return;
  }

  // k6 ignores the protocols argument: the subprotocol goes in the handshake header.
  const ws = new WebSocket(WS_URL, null, {
    headers: { 'Sec-WebSocket-Protocol': 'graphql-transport-ws' },
    tags: { operation: 'OrderUpdated' },
  });
  let subscribedAt = 0;
  let received = 0;
  let done = false;
  const finish = (ok: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    sawConfirmed.add(ok);
    if (!ok) failures.add(1);
    if (ws.readyState === WebSocket.OPEN) {
      ws.send(JSON.stringify({ id: '1', type: 'complete' }));
      ws.close(1000);
    }
  };
  const timer = setTimeout(() => finish(false), TIMEOUT_MS);

  ws.onopen = () => {
    ws.send(
      JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${shopper.token}` } }),
    );
  };
  ws.onmessage = (event?: MessageEvent) => {
    const message = JSON.parse(String(event?.data)) as {
      type: string;
      payload?: {
        data?: {
          orderUpdated?: { status: string; payment: { status: string } | null; shipments: unknown[] };
        };
      };
    };
    switch (message.type) {
      case 'connection_ack':
        subscribedAt = Date.now();
        ws.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: OrderUpdated, variables: { id: orderId }, operationName: 'OrderUpdated' },
          }),
        );
        return;
      case 'ping':
        ws.send(JSON.stringify({ type: 'pong' }));
        return;
      case 'next': {
        const order = message.payload?.data?.orderUpdated;
        payloads.add(1);
        if (received++ === 0) firstPayload.add(Date.now() - subscribedAt);
        check(order, { 'payload has the order': (o) => !!o?.status });
        if (order?.status === 'CONFIRMED') {
          toConfirmed.add(Date.now() - placedAt);
          check(order, { 'CONFIRMED with payment status': (o) => !!o?.payment?.status });
          finish(true);
        } else if (order && order.status !== 'PENDING') finish(false);
        return;
      }
      case 'error':
      case 'complete':
        finish(false);
        return;
    }
  };
  ws.onerror = () => finish(false);
  // Closed before CONFIRMED (finish ignores the close it caused itself).
  ws.onclose = () => finish(false);
}
