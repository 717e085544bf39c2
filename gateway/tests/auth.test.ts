import { generateKeyPairSync } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  createMetrics,
  IdentityVerifier,
  jwtSignerConfigSpec,
  jwtVerifierConfigSpec,
  loadConfig,
  signAccessToken,
} from '@shopgraph/platform';
import { authenticator, identityHeaders } from '../src/auth.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = loadConfig(jwtSignerConfigSpec, {
  JWT_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
});
const verifier = loadConfig(jwtVerifierConfigSpec, {
  JWT_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
});
const admin = { role: 'admin', subject: 'ops' } as const;

const refusal = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphQLError);
  const { code, http } = (err as GraphQLError).extensions as { code: string; http: { status: number } };
  return { code, status: http.status };
};

describe('gateway authentication (context function)', () => {
  const metrics = createMetrics('gateway-test');
  const authenticate = authenticator(verifier, metrics);

  it('when there is no Authorization header, or an empty one, then the caller is anonymous', async () => {
    expect(await authenticate({})).toEqual({ identity: { role: 'anonymous' } });
    expect(await authenticate({ authorization: '  ' })).toEqual({ identity: { role: 'anonymous' } });
  });

  it('when a valid Bearer token is sent (scheme in any case), then its identity is the context', async () => {
    const { token } = await signAccessToken(signer, admin);
    expect(await authenticate({ authorization: `Bearer ${token}` })).toEqual({ identity: admin });
    expect(await authenticate({ authorization: `bearer ${token}` })).toEqual({ identity: admin });
  });

  it('when a client sends an identity header without a token, then it is ignored', async () => {
    const spoofed = { 'x-shopgraph-identity': JSON.stringify(admin) };
    expect(await authenticate(spoofed)).toEqual({ identity: { role: 'anonymous' } });
  });

  it('when the header is another scheme or the token is bad, then it is UNAUTHENTICATED with status 401 and counted', async () => {
    expect(await refusal(authenticate({ authorization: 'Basic YTpi' }))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
    expect(await refusal(authenticate({ authorization: 'Bearer x.y.z' }))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
    const expired = await signAccessToken(signer, admin, new Date(Date.now() - 86_400_000));
    expect(await refusal(authenticate({ authorization: `Bearer ${expired.token}` }))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /shopgraph_gateway_token_rejections_total\{reason="scheme",service="gateway-test"\} 1/,
    );
    expect(text).toMatch(
      /shopgraph_gateway_token_rejections_total\{reason="expired",service="gateway-test"\} 1/,
    );
  });

  it('when no public key is configured, then any token is refused with 401', async () => {
    const keyless = authenticator({ ...verifier, jwtPublicKey: null }, createMetrics('gateway-test-2'));
    const { token } = await signAccessToken(signer, admin);
    expect(await refusal(keyless({ authorization: `Bearer ${token}` }))).toEqual({
      code: 'UNAUTHENTICATED',
      status: 401,
    });
  });
});

describe('identity headers for subgraph calls', () => {
  const identity = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const subgraph = new IdentityVerifier({
    identityPublicKey: identity.publicKey,
    identityClockToleranceSeconds: 5,
  });

  it('when the caller is known, then the header is a token the subgraph verifies as that caller; anonymous sends none', async () => {
    const headerOf = identityHeaders(identity.privateKey);
    const customer = { role: 'customer', subject: 'c-1', customerId: 'c-1' } as const;
    for (const caller of [admin, customer]) expect(await subgraph.verify(headerOf(caller))).toEqual(caller);
    expect(headerOf(customer)).toBe(headerOf({ ...customer }));
    expect(headerOf(ANONYMOUS)).toBeUndefined();
  });

  it('when the gateway has no identity key, then no header is sent and subgraphs see anonymous', async () => {
    const headerOf = identityHeaders(null);
    expect(headerOf(admin)).toBeUndefined();
    expect(await subgraph.verify(headerOf(admin))).toEqual(ANONYMOUS);
  });
});
