import { generateKeyPairSync } from 'node:crypto';
import {
  jwtSignerConfigSpec,
  jwtVerifierConfigSpec,
  loadConfig,
  verifyAccessToken,
  type Identity,
  type SubgraphService,
} from '@shopgraph/platform';
import {
  as,
  createTestDatabase,
  errorCodes,
  gql,
  testServiceConfig,
  type TestDatabase,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, SEED_PASSWORD, seededCustomerId } from '../src/seed.ts';
import { createCustomersService } from '../src/server.ts';

interface AuthPayload {
  token: string;
  expiresAt: string;
  customer: { id: string; email: string; name: string };
}

const REGISTER = `mutation($input: RegisterCustomerInput!) {
  registerCustomer(input: $input) { token expiresAt customer { id email name createdAt addresses { id } } }
}`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token customer { id email } } }`;
const ADD_ADDRESS = `mutation($input: AddressInput!) { addAddress(input: $input) { id name line1 line2 city postalCode country } }`;
const CUSTOMER = `query($id: ID!) { customer(id: $id) { id email name addresses { city } } }`;
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Customer { id email } ... on Address { id city } }
}`;
const ADDRESS = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'gb',
};

describe('customers subgraph (real PostgreSQL)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const signer = loadConfig(jwtSignerConfigSpec, {
    JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  const verifier = loadConfig(jwtVerifierConfigSpec, {
    JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  let db: TestDatabase;
  let service: SubgraphService;
  let url: string;
  let alice: AuthPayload;
  let bob: AuthPayload;

  const customerIdentity = (id: string): Identity => ({ role: 'customer', subject: id, customerId: id });
  const admin: Identity = { role: 'admin', subject: 'ops' };
  const count = async (table: string) =>
    Number((await service.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  const register = (input: Record<string, unknown>) =>
    gql<{ registerCustomer: AuthPayload }>(url, REGISTER, { input });
  const login = (email: string, password: string) =>
    gql<{ login: AuthPayload }>(url, LOGIN, { email, password });

  beforeAll(async () => {
    db = await createTestDatabase('customers');
    service = createCustomersService({ ...testServiceConfig('customers', db.url), ...signer });
    url = (await service.start()).url;
    alice = (await register({ email: ' Alice@Example.com ', password: 'alice-password', name: ' Alice ' }))
      .data!.registerCustomer;
    bob = (await register({ email: 'bob@example.com', password: 'bob-password', name: 'Bob' })).data!
      .registerCustomer;
  });
  afterAll(async () => {
    await service.stop();
    await db.drop();
  });

  it('when a customer registers, then the account is stored trimmed and the token is a verifiable customer token', async () => {
    expect(alice.customer).toMatchObject({ email: 'Alice@Example.com', name: 'Alice', addresses: [] });
    expect(await verifyAccessToken(verifier, alice.token)).toEqual(customerIdentity(alice.customer.id));
    expect(new Date(alice.expiresAt).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const { rows } = await service.pool.query('SELECT password_hash FROM customers WHERE id = $1', [
      alice.customer.id,
    ]);
    expect(rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(rows[0].password_hash).not.toContain('alice-password');
  });

  it('when a customer registers, then CustomerRegistered (id and name, no email or credentials) is in the outbox, once', async () => {
    const { rows } = await service.pool.query<{ type: string; envelope: string }>(
      'SELECT type, envelope FROM outbox WHERE key = $1 ORDER BY seq',
      [alice.customer.id],
    );
    expect(rows.map((r) => [r.type, (JSON.parse(r.envelope) as { data: unknown }).data])).toEqual([
      ['shopgraph.customers.CustomerRegistered.v1', { customerId: alice.customer.id, name: 'Alice' }],
    ]);
    const refused = await register({ email: 'alice@example.com', password: 'long enough', name: 'X' });
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(
      Number(
        (await service.pool.query(`SELECT count(*) AS n FROM outbox WHERE type LIKE '%CustomerRegistered%'`))
          .rows[0].n,
      ),
    ).toBe(2); // alice and bob; the refused registration wrote none
  });

  it.each([
    [
      'a malformed email',
      { email: 'not-an-email', password: 'long enough', name: 'X' },
      'BAD_USER_INPUT',
      'email',
    ],
    [
      'a short password',
      { email: 'x@example.com', password: 'short', name: 'X' },
      'BAD_USER_INPUT',
      'password',
    ],
    [
      'a 129-character password',
      { email: 'x@example.com', password: 'p'.repeat(129), name: 'X' },
      'BAD_USER_INPUT',
      'password',
    ],
    [
      'an empty name',
      { email: 'x@example.com', password: 'long enough', name: '  ' },
      'BAD_USER_INPUT',
      'name',
    ],
    [
      'an email taken in another case',
      { email: 'ALICE@example.COM', password: 'long enough', name: 'X' },
      'CONFLICT',
      'email',
    ],
  ])(
    'when registering with %s, then it is %s on that field and nothing is written',
    async (_, input, code, field) => {
      const before = await count('customers');
      const res = await register(input);
      expect(errorCodes(res)).toEqual([code]);
      expect(res.errors![0]!.extensions!['field']).toBe(field);
      expect(res.data).toBeNull();
      expect(await count('customers')).toBe(before);
    },
  );

  it('when the right password is given (email in any case), then login returns a token for that customer', async () => {
    const res = await login('ALICE@example.com', 'alice-password');
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.customer.id).toBe(alice.customer.id);
    expect(await verifyAccessToken(verifier, res.data!.login.token)).toEqual(
      customerIdentity(alice.customer.id),
    );
  });

  it('when the password is wrong or the email unknown, then the answer is the same (the cost is the same too: passwords.test.ts)', async () => {
    const attempts = [
      await login('alice@example.com', 'wrong-password'),
      await login('alice@example.com', 'wrong-password'),
      await login('nobody@example.com', 'wrong-password'),
      await login('nobody@example.com', 'wrong-password'),
    ].map((res) => ({ ...res }));
    const first = attempts[0]!;
    expect(first).toMatchObject({
      status: 200,
      data: null,
      errors: [{ message: 'email or password is incorrect', extensions: { code: 'UNAUTHENTICATED' } }],
    });
    for (const res of attempts) expect(res).toEqual(first);
  });

  it('when asking for me, then a customer gets their record and anyone else gets null', async () => {
    const own = await gql(url, '{ me { id email } }', {}, as(customerIdentity(bob.customer.id)));
    expect(own).toMatchObject({ data: { me: { id: bob.customer.id, email: 'bob@example.com' } } });
    expect((await gql(url, '{ me { id } }')).data).toEqual({ me: null });
    expect((await gql(url, '{ me { id } }', {}, as(admin))).data).toEqual({ me: null });
  });

  it('when a customer adds an address, then it is normalised, stored in their book and read back in order', async () => {
    const headers = as(customerIdentity(alice.customer.id));
    const res = await gql<{ addAddress: Record<string, unknown> }>(
      url,
      ADD_ADDRESS,
      { input: ADDRESS },
      headers,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.addAddress).toMatchObject({ ...ADDRESS, country: 'GB', line2: null });
    await gql(
      url,
      ADD_ADDRESS,
      { input: { ...ADDRESS, city: 'Paris', postalCode: '75001', country: 'FR', line2: 'Apt 3' } },
      headers,
    );
    const me = await gql<{ me: { addresses: { city: string }[] } }>(
      url,
      '{ me { addresses { city } } }',
      {},
      headers,
    );
    expect(me.data!.me.addresses).toEqual([{ city: 'London' }, { city: 'Paris' }]);
  });

  it.each([
    ['anonymous', { role: 'anonymous' } as Identity, ADDRESS, 'UNAUTHENTICATED'],
    [
      'an admin (who has no address book)',
      { role: 'admin', subject: 'ops' } as Identity,
      ADDRESS,
      'FORBIDDEN',
    ],
    ['a bad country', null, { ...ADDRESS, country: 'XX' }, 'BAD_USER_INPUT'],
    ['an empty city', null, { ...ADDRESS, city: ' ' }, 'BAD_USER_INPUT'],
  ])(
    'when an address is added by/with %s, then it is %s and nothing is written',
    async (_, identity, input, code) => {
      const before = await count('addresses');
      const res = await gql(url, ADD_ADDRESS, { input }, as(identity ?? customerIdentity(bob.customer.id)));
      expect(errorCodes(res)).toEqual([code]);
      expect(res.data).toBeNull();
      expect(await count('addresses')).toBe(before);
    },
  );

  it('when 25 addresses are added at once to one book, then exactly 20 are kept and 5 are BAD_USER_INPUT', async () => {
    const { data } = await register({
      email: 'carol@example.com',
      password: 'carol-password',
      name: 'Carol',
    });
    const headers = as(customerIdentity(data!.registerCustomer.customer.id));
    const results = await Promise.all(
      Array.from({ length: 25 }, () => gql(url, ADD_ADDRESS, { input: ADDRESS }, headers)),
    );
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(20);
    expect(results.flatMap(errorCodes)).toEqual(Array(5).fill('BAD_USER_INPUT'));
  });

  it('when a customer reads their own record or an admin reads any, then the data comes back', async () => {
    const self = await gql(url, CUSTOMER, { id: alice.customer.id }, as(customerIdentity(alice.customer.id)));
    expect(self).toMatchObject({
      data: { customer: { id: alice.customer.id, addresses: [{ city: 'London' }, { city: 'Paris' }] } },
    });
    const byAdmin = await gql(url, CUSTOMER, { id: alice.customer.id }, as(admin));
    expect(byAdmin).toMatchObject({ data: { customer: { email: 'Alice@Example.com' } } });
    expect(byAdmin.errors).toBeUndefined();
  });

  it.each([
    ['another customer', () => customerIdentity(bob.customer.id), 'FORBIDDEN'],
    ['a brand', () => ({ role: 'brand', subject: 'brand:ganni', brandId: 'b' }) as Identity, 'FORBIDDEN'],
    ['anonymous', () => ({ role: 'anonymous' }) as Identity, 'UNAUTHENTICATED'],
  ])('when %s reads a customer record, then it is %s and no data leaks', async (_, identity, code) => {
    const res = await gql(url, CUSTOMER, { id: alice.customer.id }, as(identity()));
    expect(errorCodes(res)).toEqual([code]);
    expect(res.data).toEqual({ customer: null });
    expect(JSON.stringify(res)).not.toMatch(/alice|london/i);
  });

  it('when the gateway resolves customer references through _entities, then each caller gets only what they may see', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const representations = [alice, bob].map((p) => ({ __typename: 'Customer', id: p.customer.id }));
    const byAdmin = await gql<{ _entities: unknown[] }>(
      url,
      ENTITIES,
      { representations: [...representations, { __typename: 'Customer', id: unknown }] },
      as(admin),
    );
    expect(byAdmin.errors).toBeUndefined();
    expect(byAdmin.data!._entities).toEqual([
      { id: alice.customer.id, email: 'Alice@Example.com' },
      { id: bob.customer.id, email: 'bob@example.com' },
      null,
    ]);

    const byBob = await gql<{ _entities: unknown[] }>(
      url,
      ENTITIES,
      { representations },
      as(customerIdentity(bob.customer.id)),
    );
    expect(byBob.data!._entities).toEqual([null, { id: bob.customer.id, email: 'bob@example.com' }]);
    expect(errorCodes(byBob)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(byBob)).not.toMatch(/alice/i);
  });

  it('when an address reference is resolved, then its owner sees it and another customer is FORBIDDEN', async () => {
    const { rows } = await service.pool.query<{ id: string }>(
      'SELECT id FROM addresses WHERE customer_id = $1 ORDER BY seq LIMIT 1',
      [alice.customer.id],
    );
    const representations = [{ __typename: 'Address', id: rows[0]!.id }];
    const own = await gql(url, ENTITIES, { representations }, as(customerIdentity(alice.customer.id)));
    expect(own.data).toEqual({ _entities: [{ id: rows[0]!.id, city: 'London' }] });
    const other = await gql(url, ENTITIES, { representations }, as(customerIdentity(bob.customer.id)));
    expect(other.data).toEqual({ _entities: [null] });
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
  });

  it('when the seed runs twice, then the seeded customers exist once and log in with the seed password', async () => {
    const first = await seed({ pool: service.pool, logger: service.logger });
    const second = await seed({ pool: service.pool, logger: service.logger });
    expect(first.created).toBeGreaterThanOrEqual(3);
    expect(second.created).toBe(0);
    const res = await login('ada@example.com', SEED_PASSWORD);
    expect(res.data!.login.customer.id).toBe(seededCustomerId('ada@example.com'));
    const me = await gql(
      url,
      '{ me { addresses { country } } }',
      {},
      as(customerIdentity(seededCustomerId('ada@example.com'))),
    );
    expect(me.data).toEqual({ me: { addresses: [{ country: 'GB' }] } });
  });
});
