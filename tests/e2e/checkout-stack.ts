// The whole stack for the checkout tests and the checkout benchmark: every service through
// scripts/stack/services.sh (migrate + seed + start, then the gateway) on its own ports, run
// dir, databases, signing keys and Kafka namespace.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { stableUuid } from '@shopgraph/platform';
import {
  bearerFor,
  eventually,
  gql,
  ROOT,
  startTestStack,
  type GraphQLResponse,
  type TestStack,
} from '@shopgraph/testing';

export { eventually };
export const TERMINAL = ['CONFIRMED', 'REJECTED', 'PAYMENT_FAILED', 'SHIPPED', 'DELIVERED', 'CANCELLED'];

export interface SeedProduct {
  readonly id: string;
  readonly sku: string;
  readonly price: { amount: number; currency: string };
  readonly onHand: number;
}

/** The seeded catalog (products' and inventory's seed files), by the ids the seeds derive. */
export function seededProducts(): SeedProduct[] {
  const read = <T>(file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
  const stock = new Map(
    read<{ sku: string; onHand: number }[]>('services/inventory/seed/stock.json').map((s) => [
      s.sku,
      s.onHand,
    ]),
  );
  return read<{ sku: string; price: { amount: number; currency: string } }[]>(
    'services/products/seed/products.json',
  )
    .filter((p) => stock.has(p.sku))
    .map((p) => ({
      id: stableUuid('product', p.sku),
      sku: p.sku,
      price: p.price,
      onHand: stock.get(p.sku)!,
    }));
}

export interface CheckoutStack {
  readonly gateway: string;
  readonly dbs: TestStack['dbs'];
  readonly adminToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the stack (packages/testing startTestStack: own ports, databases, keys and Kafka
 * namespace); `basePort` is the gateway's, subgraphs follow. `env` adds settings, e.g.
 * PAYMENT_SLOW_DELAY_MS.
 */
export async function startCheckoutStack(
  basePort: number,
  env: NodeJS.ProcessEnv = {},
): Promise<CheckoutStack> {
  const stack = await startTestStack({ name: 'checkout', basePort, env });
  const { authorization } = await bearerFor(stack.keys, { role: 'admin', subject: 'checkout-e2e' });
  const adminToken = authorization.replace(/^Bearer /, '');
  return { gateway: stack.gateway, dbs: stack.dbs, adminToken, stop: stack.stop };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const REGISTER = `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { token customer { id } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token customer { id } } }`;
const ADD_ADDRESS = `mutation($input: AddressInput!) { addAddress(input: $input) { id } }`;
const PLACE_PROBE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }`;

export interface Shopper {
  readonly id: string;
  readonly token: string;
  readonly addressId: string;
}

/**
 * register -> login -> addAddress, then waits until orders knows the address (AddressAdded
 * travels through Kafka): a probe placeOrder with an unknown product writes nothing and
 * answers on the address first while it is unknown, on the product once it is known.
 */
export async function newShopper(gateway: string, name: string): Promise<Shopper> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const password = `${name}-secret-password`;
  const reg = await gql<{ registerCustomer: { token: string } }>(gateway, REGISTER, {
    input: { email, password, name },
  });
  if (reg.errors) throw new Error(`register: ${JSON.stringify(reg.errors)}`);
  const login = await gql<{ login: { token: string; customer: { id: string } } }>(gateway, LOGIN, {
    email,
    password,
  });
  const { token, customer } = login.data!.login;
  const address = await gql<{ addAddress: { id: string } }>(
    gateway,
    ADD_ADDRESS,
    { input: { name, line1: '1 Checkout Street', city: 'Stockholm', postalCode: '111 22', country: 'SE' } },
    bearer(token),
  );
  const addressId = address.data!.addAddress.id;
  await eventually(async () => {
    const probe = await gql(
      gateway,
      PLACE_PROBE,
      {
        input: {
          idempotencyKey: `probe-${randomUUID()}`,
          lines: [{ productId: randomUUID(), quantity: 1 }],
          shippingAddressId: addressId,
          paymentToken: 'tok_visa',
        },
      },
      bearer(token),
    );
    return probe.errors?.[0]?.extensions?.['field'] === 'shippingAddressId' ? undefined : true;
  }, 20_000);
  return { id: customer.id, token, addressId };
}

export const ORDER_VIEW = `id number status total { amount currency } lines { product { id } quantity }
  statusHistory { status reason } payment { id status } shipments { id status }`;

export interface OrderView {
  id: string;
  number: string;
  status: string;
  total: { amount: number; currency: string };
  lines: { product: { id: string }; quantity: number }[];
  statusHistory: { status: string; reason: string | null }[];
  payment: { id: string; status: string } | null;
  shipments: { id: string; status: string }[];
}

export const PLACE = `mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id number status } }`;
export const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_VIEW} } }`;

export async function readOrder(
  gateway: string,
  token: string,
  id: string,
): Promise<GraphQLResponse<{ order: OrderView | null }>> {
  return gql<{ order: OrderView | null }>(gateway, ORDER, { id }, bearer(token));
}
