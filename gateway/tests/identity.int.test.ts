// The identity a subgraph acts on is the one the gateway signed: through the gateway every role
// arrives as itself; a subgraph reached directly with a forged, foreign, unsigned or expired
// identity header answers UNAUTHENTICATED (401), logs no error, and serves no one's data.
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  IDENTITY_HEADER,
  IDENTITY_TOKEN_AUDIENCE,
  IDENTITY_TOKEN_ISSUER,
  signIdentityToken,
  type Identity,
} from '@shopgraph/platform';
import {
  ADMIN,
  as,
  bearerFor,
  errorCodes,
  gql,
  IDENTITY_KEYS,
  keyPair,
  useService,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrandsService } from '../../services/brands/src/server.ts';
import { configSpec as customersSpec } from '../../services/customers/src/config.ts';
import { createCustomersService } from '../../services/customers/src/server.ts';
import { compose, sdlOf } from './support/subgraphs.ts';
import { startGateway, type StartedGateway } from './support/gateway.ts';

const REGISTER =
  'mutation($slug: String!) { registerBrand(input: { slug: $slug, name: "N", country: "DK" }) { slug } }';
const ME = '{ me { id email } }';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('identity between the gateway and the subgraphs', () => {
  const clientKeys = keyPair();
  const brands = useService('brands', createBrandsService, { dbName: 'identity_brands' });
  const customers = useService('customers', createCustomersService, {
    dbName: 'identity_customers',
    spec: customersSpec,
    env: { JWT_PRIVATE_KEY: clientKeys.privatePem },
  });
  let gw: StartedGateway;
  const brandErrors: unknown[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'supergraph-'));
    const supergraph = path.join(dir, 'supergraph.graphql');
    writeFileSync(
      supergraph,
      compose({
        brands: { sdl: sdlOf('brands'), url: brands.url },
        customers: { sdl: sdlOf('customers'), url: customers.url },
      }),
    );
    // Registration hashes a password: on a loaded machine that outlasts the 3 s subgraph default.
    gw = await startGateway({
      SUPERGRAPH_PATH: supergraph,
      JWT_PUBLIC_KEY: clientKeys.publicPem,
      SUBGRAPH_TIMEOUT_MS: '30000',
      GATEWAY_REQUEST_DEADLINE_MS: '30000',
    });
    const logger = brands.service.logger;
    const error = logger.error.bind(logger);
    logger.error = ((...args: Parameters<typeof error>) => {
      brandErrors.push(args);
      error(...args);
    }) as typeof logger.error;
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('when each role calls through the gateway, then the subgraph sees that role', async () => {
    // anonymous: reads, but may not write
    expect(errorCodes(await gql(gw.url, '{ brands(first: 1) { edges { node { slug } } } }'))).toEqual([]);
    expect(errorCodes(await gql(gw.url, REGISTER, { slug: 'anon' }))).toEqual(['UNAUTHENTICATED']);
    // admin: writes
    const admin = await bearerFor(clientKeys, { role: 'admin', subject: 'ops' });
    expect(await gql(gw.url, REGISTER, { slug: 'by-admin' }, admin)).toMatchObject({
      data: { registerBrand: { slug: 'by-admin' } },
    });
    // brand: known as a brand (FORBIDDEN, not UNAUTHENTICATED)
    const brand = await bearerFor(clientKeys, { role: 'brand', subject: 'brand:x', brandId: 'b-x' });
    expect(errorCodes(await gql(gw.url, REGISTER, { slug: 'by-brand' }, brand))).toEqual(['FORBIDDEN']);
    // customer: a registered customer reads themself
    const registered = await gql<{ registerCustomer: { token: string; customer: { id: string } } }>(
      gw.url,
      'mutation { registerCustomer(input: { email: "id@example.com", password: "pw-pw-pw-pw", name: "Id" }) { token customer { id } } }',
    );
    expect(registered.errors).toBeUndefined();
    const { token, customer } = registered.data!.registerCustomer;
    const me = await gql(gw.url, ME, {}, { authorization: `Bearer ${token}` });
    expect(me.data).toEqual({ me: { id: customer.id, email: 'id@example.com' } });
  });

  it('when a subgraph is called directly with a forged identity header, then it is UNAUTHENTICATED (401) and logs no error', async () => {
    const admin: Identity = ADMIN;
    const iat = Math.floor(Date.now() / 1000);
    const claims = { iss: IDENTITY_TOKEN_ISSUER, aud: IDENTITY_TOKEN_AUDIENCE, sub: 'ops', role: 'admin' };
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const forged: Record<string, string> = {
      'plain JSON (the old header)': JSON.stringify(admin),
      'unsigned (alg none)': `${b64({ alg: 'none' })}.${b64({ ...claims, iat, exp: iat + 60 })}.`,
      'signed by another key': signIdentityToken(other, { role: 'admin', subject: 'ops' }),
      'the client access-token key': signIdentityToken(createPrivateKey(clientKeys.privatePem), {
        role: 'admin',
        subject: 'ops',
      }),
      expired: signIdentityToken(
        createPrivateKey(IDENTITY_KEYS.privatePem),
        { role: 'admin', subject: 'ops' },
        Date.now() - 120_000,
      ),
    };
    for (const [what, value] of Object.entries(forged)) {
      const res = await gql(brands.url, REGISTER, { slug: 'forged' }, { [IDENTITY_HEADER]: value });
      expect([what, res.status, errorCodes(res)]).toEqual([what, 401, ['UNAUTHENTICATED']]);
      expect(res.data ?? null).toBeNull();
    }
    // The same forgery against customer data: nothing is served either.
    const me = await gql(
      customers.url,
      ME,
      {},
      { [IDENTITY_HEADER]: JSON.stringify({ role: 'admin', subject: 'x' }) },
    );
    expect([me.status, errorCodes(me)]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(brandErrors).toEqual([]);
    const metrics = await (await fetch(brands.url.replace('/graphql', '/metrics'))).text();
    const refused = (reason: string) =>
      Number(
        new RegExp(`shopgraph_identity_token_rejections_total\\{reason="${reason}"[^}]*\\} (\\d+)`).exec(
          metrics,
        )?.[1] ?? 0,
      );
    expect({
      malformed: refused('malformed'),
      signature: refused('signature'),
      expired: refused('expired'),
    }).toEqual({
      malformed: 2,
      signature: 2,
      expired: 1,
    });
    const listed = await gql<{ brands: { edges: { node: { slug: string } }[] } }>(
      brands.url,
      '{ brands(first: 10) { edges { node { slug } } } }',
    );
    expect(listed.data!.brands.edges.map((e) => e.node.slug)).not.toContain('forged');
  });

  it('when a subgraph is called directly without the header, then the caller is anonymous; with a gateway-signed one, that identity', async () => {
    const anonymous = await gql(brands.url, REGISTER, { slug: 'direct-anon' });
    expect([anonymous.status, errorCodes(anonymous)]).toEqual([200, ['UNAUTHENTICATED']]);
    expect(await gql(brands.url, REGISTER, { slug: 'direct-admin' }, as(ADMIN))).toMatchObject({
      status: 200,
      data: { registerBrand: { slug: 'direct-admin' } },
    });
  });
});
