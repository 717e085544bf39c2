import { createHmac, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS,
  IDENTITY_HEADER,
  IDENTITY_TOKEN_AUDIENCE,
  IDENTITY_TOKEN_ISSUER,
  identityFromHeaders,
  IdentitySigner,
  IdentityVerifier,
  identityVerifierConfigSpec,
  InvalidTokenError,
  loadConfig,
  signIdentityToken,
  type Authenticated,
  type Identity,
} from '../src/index.ts';

const pair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const gateway = pair();
const alice: Authenticated = { role: 'customer', subject: 'a', customerId: 'c-a' };
const ganni: Authenticated = { role: 'brand', subject: 'brand:ganni', brandId: 'b-ganni' };
const admin: Authenticated = { role: 'admin', subject: 'ops' };
const T0 = Date.parse('2026-12-02T01:00:00Z');

/** A verifier with the gateway's public key and a clock the test moves. */
function verifierAt(clock: { now: number }, key: KeyObject | null = gateway.publicKey, max?: number) {
  return new IdentityVerifier({
    identityPublicKey: key,
    identityClockToleranceSeconds: 5,
    now: () => clock.now,
    ...(max === undefined ? {} : { max }),
  });
}
const reasonOf = (verifier: IdentityVerifier, value: string) =>
  verifier.verify(value).then(
    (identity) => `accepted ${JSON.stringify(identity)}`,
    (err: unknown) => (err instanceof InvalidTokenError ? err.reason : `unexpected ${String(err)}`),
  );
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe('identity tokens: sign and verify', () => {
  it('when the gateway signs an identity, then a subgraph with its public key reads the same identity', async () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    for (const identity of [alice, ganni, admin]) {
      const token = signIdentityToken(gateway.privateKey, identity, T0);
      expect(await verifier.verify(token)).toEqual(identity);
      expect(claimsOf(token)).toMatchObject({
        iss: IDENTITY_TOKEN_ISSUER,
        aud: IDENTITY_TOKEN_AUDIENCE,
        sub: identity.subject,
        role: identity.role,
        iat: T0 / 1000,
        exp: T0 / 1000 + 60,
      });
    }
  });

  it('when there is no header, then the caller is anonymous', async () => {
    const verifier = verifierAt({ now: T0 });
    expect(await verifier.verify(undefined)).toEqual(ANONYMOUS);
    expect(await verifier.verify('')).toEqual(ANONYMOUS);
  });

  it('when the header is plain identity JSON, unsigned, or signed by another key, then it is refused', async () => {
    const verifier = verifierAt({ now: T0 });
    const claims = { iss: IDENTITY_TOKEN_ISSUER, aud: IDENTITY_TOKEN_AUDIENCE, sub: 'ops', role: 'admin' };
    const iat = T0 / 1000;
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat, exp: iat + 60 })}.`;
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat, exp: iat + 60 })}`;
    const hmac = `${input}.${createHmac('sha256', 'guess').update(input).digest('base64url')}`;
    expect(await reasonOf(verifier, JSON.stringify(admin))).toBe('malformed');
    expect(await reasonOf(verifier, unsigned)).toBe('malformed');
    expect(await reasonOf(verifier, hmac)).toBe('malformed');
    expect(await reasonOf(verifier, signIdentityToken(pair().privateKey, admin, T0))).toBe('signature');
    expect(await reasonOf(verifier, 'x'.repeat(5000))).toBe('malformed');
  });

  it('when a token is expired, too old, for another audience or issuer, or lacks identity claims, then it is refused', async () => {
    const clock = { now: T0 + 66_000 };
    const verifier = verifierAt(clock);
    expect(await reasonOf(verifier, signIdentityToken(gateway.privateKey, admin, T0))).toBe('expired');
    const signed = (claims: Record<string, unknown>, iat = T0 / 1000, exp = iat + 60) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256' })
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(gateway.privateKey);
    clock.now = T0;
    const base = { iss: IDENTITY_TOKEN_ISSUER, aud: IDENTITY_TOKEN_AUDIENCE, sub: 'ops', role: 'admin' };
    // An access token's audience (shopgraph-api) is not an identity token, even with the same key.
    expect(await reasonOf(verifier, await signed({ ...base, aud: 'shopgraph-api' }))).toBe('claims');
    expect(await reasonOf(verifier, await signed({ ...base, iss: 'shopgraph-customers' }))).toBe('claims');
    expect(await reasonOf(verifier, await signed({ ...base, role: 'customer' }))).toBe('claims');
    expect(await reasonOf(verifier, await signed({ ...base, role: 'anonymous' }))).toBe('claims');
    // Signed with a long exp by our key: still refused once older than the 60 s lifetime.
    const longLived = await signed(base, T0 / 1000 - 120, T0 / 1000 + 3600);
    expect(await reasonOf(verifier, longLived)).toBe('expired');
    expect(await reasonOf(verifier, await signed(base))).toBe(`accepted ${JSON.stringify(admin)}`);
  });

  it('when a subgraph has no public key, then a token is refused and no header is still anonymous', async () => {
    const verifier = verifierAt({ now: T0 }, null);
    expect(await reasonOf(verifier, signIdentityToken(gateway.privateKey, admin, T0))).toBe('no-key');
    expect(await verifier.verify(undefined)).toEqual(ANONYMOUS);
    expect(loadConfig(identityVerifierConfigSpec, {}).identityPublicKey).toBeNull();
  });

  it('when a request carries a bad token, then it is UNAUTHENTICATED with HTTP 401 and the reason is reported', async () => {
    const verifier = verifierAt({ now: T0 });
    const reasons: string[] = [];
    const forged = { [IDENTITY_HEADER]: JSON.stringify(admin) };
    const err = await identityFromHeaders(verifier, forged, (r) => reasons.push(r)).catch((e: unknown) => e);
    expect(err).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    expect(reasons).toEqual(['malformed']);
    const good = { [IDENTITY_HEADER]: signIdentityToken(gateway.privateKey, ganni, T0) };
    expect(await identityFromHeaders(verifier, good)).toEqual(ganni);
  });
});

describe('identity tokens: caches', () => {
  it('when the gateway asks for the same identity within 30 s, then it gets the same token; after, a new one', () => {
    const clock = { now: T0 };
    const signer = new IdentitySigner(gateway.privateKey, { now: () => clock.now });
    const first = signer.header(alice);
    clock.now += 29_000;
    expect(signer.header({ ...alice })).toBe(first);
    clock.now += 1_000;
    const second = signer.header(alice);
    expect(second).not.toBe(first);
    expect(claimsOf(second!)['iat']).toBe((T0 + 30_000) / 1000);
    expect(signer.header(ANONYMOUS)).toBeUndefined();
    // Fields that are not the identity's own are not signed.
    const smuggled = { ...alice, brandId: 'b-ganni' } as Identity;
    expect(claimsOf(signer.header(smuggled)!)).not.toHaveProperty('brandId');
  });

  it('when many identities pass through, then each cache keeps at most its bound', async () => {
    const clock = { now: T0 };
    const signer = new IdentitySigner(gateway.privateKey, { now: () => clock.now, max: 50 });
    const verifier = verifierAt(clock, gateway.publicKey, 50);
    for (let i = 0; i < 200; i++) {
      const identity: Identity = { role: 'customer', subject: `c${i}`, customerId: `c${i}` };
      expect(await verifier.verify(signer.header(identity))).toEqual(identity);
    }
    expect(signer.size).toBe(50);
    expect(verifier.size).toBe(50);
  });

  it('when a verified token expires, then the cache does not keep accepting it', async () => {
    const clock = { now: T0 };
    const verifier = verifierAt(clock);
    const token = signIdentityToken(gateway.privateKey, admin, T0);
    expect(await verifier.verify(token)).toEqual(admin);
    clock.now = T0 + 64_000; // within the 5 s tolerance: served from the cache
    expect(await verifier.verify(token)).toEqual(admin);
    clock.now = T0 + 66_000;
    expect(await reasonOf(verifier, token)).toBe('expired');
    expect(verifier.size).toBe(0);
  });
});
