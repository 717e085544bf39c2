import { createHmac } from 'node:crypto';
import {
  jwtSignerConfigSpec,
  loadConfig,
  signAccessToken,
  type Authenticated,
  type JwtSignerOptions,
} from '@shopgraph/platform';
import { errorCodes, gql, keyPair, runScript, startTestStack, type TestStack } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_PASSWORD } from '../../services/customers/src/seed.ts';

// The stack `make up` runs (scripts/stack/services.sh), on its own ports, databases, run dir,
// signing keys and Kafka namespace, so a developer's running stack is untouched: gateway 16000.
const GATEWAY = 'http://127.0.0.1:16000/graphql';
const b64 = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

const REGISTER = `mutation($input: RegisterCustomerInput!) { registerCustomer(input: $input) { token customer { id } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token customer { id name } } }`;
const CUSTOMER = `query($id: ID!) { customer(id: $id) { id email name } }`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('authentication end to end: gateway verifies tokens, subgraphs authorize', () => {
  const keys = keyPair();
  const signer: JwtSignerOptions = loadConfig(jwtSignerConfigSpec, { JWT_PRIVATE_KEY: keys.privatePem });
  let stack: TestStack | undefined;
  let alice: { token: string; id: string };
  let bob: { token: string; id: string };

  const register = async (email: string, name: string) => {
    const res = await gql<{ registerCustomer: { token: string; customer: { id: string } } }>(
      GATEWAY,
      REGISTER,
      {
        input: { email, name, password: `${name}-secret-password` },
      },
    );
    expect(res.errors).toBeUndefined();
    return { token: res.data!.registerCustomer.token, id: res.data!.registerCustomer.customer.id };
  };

  beforeAll(async () => {
    stack = await startTestStack({ name: 'auth', basePort: 16000, keys });
    alice = await register('alice@example.com', 'alice');
    bob = await register('bob@example.com', 'bob');
  }, 180_000);
  afterAll(async () => stack?.stop());

  it('when a customer registers, logs in and asks for me, then the gateway passes their identity to customers', async () => {
    const login = await gql<{ login: { token: string; customer: { id: string } } }>(GATEWAY, LOGIN, {
      email: 'alice@example.com',
      password: 'alice-secret-password',
    });
    expect(login.errors).toBeUndefined();
    const me = await gql(GATEWAY, '{ me { id email } }', {}, bearer(login.data!.login.token));
    expect(me).toEqual({ status: 200, data: { me: { id: alice.id, email: 'alice@example.com' } } });
    expect((await gql(GATEWAY, '{ me { id } }')).data).toEqual({ me: null });
  });

  it('when the seeded login that `make up` prints is used, then it works', async () => {
    const res = await gql<{ login: { customer: { name: string } } }>(GATEWAY, LOGIN, {
      email: 'ada@example.com',
      password: SEED_PASSWORD,
    });
    expect(res.data!.login.customer.name).toBe('Ada Lovelace');
  });

  it.each<[string, () => Promise<string>]>([
    [
      'signed by another key',
      async () =>
        (
          await signAccessToken(
            loadConfig(jwtSignerConfigSpec, { JWT_PRIVATE_KEY: keyPair().privatePem }),
            who(),
          )
        ).token,
    ],
    [
      'expired',
      async () => (await signAccessToken(signer, who(), new Date(Date.now() - 2 * 3600_000))).token,
    ],
    [
      'alg none',
      async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims(await signAccessToken(signer, who())))}.`,
    ],
    [
      'HS256 keyed with the public key',
      async () => {
        const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims(await signAccessToken(signer, who())))}`;
        return `${input}.${b64(createHmac('sha256', keys.publicPem).update(input).digest())}`;
      },
    ],
    [
      'from another issuer',
      async () => (await signAccessToken({ ...signer, jwtIssuer: 'evil-issuer' }, who())).token,
    ],
    [
      'for another audience',
      async () => (await signAccessToken({ ...signer, jwtAudience: 'other-api' }, who())).token,
    ],
    [
      'admin claims on a customer signature',
      async () => {
        const [h, p, s] = (await signAccessToken(signer, who())).token.split('.');
        return `${h}.${b64({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin' })}.${s}`;
      },
    ],
    ['not a JWT', async () => 'garbage'],
  ])(
    'when the token is %s, then the gateway answers 401 with a GraphQL error, before parsing the query',
    async (_, mint) => {
      const token = await mint();
      // An invalid query would be a 400 if it were parsed: a 401 shows auth ran first.
      for (const query of ['{ me { id } }', '{ this is not graphql']) {
        const res = await fetch(GATEWAY, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(token) },
          body: JSON.stringify({ query }),
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
        const body = (await res.json()) as {
          data?: unknown;
          errors: { message: string; extensions: { code: string } }[];
        };
        expect(body.data).toBeUndefined();
        expect(body.errors).toHaveLength(1);
        expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
      }
    },
  );

  it('when the Authorization header is not a Bearer token, then it is 401 too', async () => {
    const res = await gql(
      GATEWAY,
      '{ me { id } }',
      {},
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
    );
    expect(res.status).toBe(401);
  });

  it('when customer A reads customer B, then it is FORBIDDEN and none of B data comes back', async () => {
    const res = await gql(GATEWAY, CUSTOMER, { id: bob.id }, bearer(alice.token));
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    expect(res.data).toEqual({ customer: null });
    expect(JSON.stringify(res)).not.toMatch(/bob/i);
    const own = await gql(GATEWAY, CUSTOMER, { id: alice.id }, bearer(alice.token));
    expect(own.data).toEqual({ customer: { id: alice.id, email: 'alice@example.com', name: 'alice' } });
  });

  it('when a client sends its own identity header, then the gateway ignores it', async () => {
    const spoof = { 'x-shopgraph-identity': JSON.stringify({ role: 'admin', subject: 'mallory' }) };
    const anonymous = await gql(GATEWAY, CUSTOMER, { id: bob.id }, spoof);
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data).toEqual({ customer: null });
    const asAlice = await gql(GATEWAY, CUSTOMER, { id: bob.id }, { ...spoof, ...bearer(alice.token) });
    expect(errorCodes(asAlice)).toEqual(['FORBIDDEN']);
  });

  it('when `make token` mints admin and customer tokens, then the gateway accepts them with those rights', async () => {
    const mint = (vars: Record<string, string>) =>
      runScript('scripts/jwt-token.sh', [], { ...stack!.env, ...vars }).trim();
    const admin = mint({ ROLE: 'admin' });
    const byAdmin = await gql(GATEWAY, CUSTOMER, { id: bob.id }, bearer(admin));
    expect(byAdmin.data).toEqual({ customer: { id: bob.id, email: 'bob@example.com', name: 'bob' } });
    const ada = mint({ ROLE: 'customer', EMAIL: 'ADA@example.com' });
    const me = await gql(GATEWAY, '{ me { email addresses { country } } }', {}, bearer(ada));
    expect(me.data).toEqual({ me: { email: 'ada@example.com', addresses: [{ country: 'GB' }] } });
    const brand = mint({ ROLE: 'brand', BRAND: 'ganni' });
    expect(errorCodes(await gql(GATEWAY, CUSTOMER, { id: bob.id }, bearer(brand)))).toEqual(['FORBIDDEN']);
  });

  function who(): Authenticated {
    return { role: 'customer', subject: alice.id, customerId: alice.id };
  }
  function claims(signed: { token: string }): Record<string, unknown> {
    return JSON.parse(Buffer.from(signed.token.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
  }
});
