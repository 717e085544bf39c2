import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  InvalidTokenError,
  jwtSignerConfigSpec,
  jwtVerifierConfigSpec,
  loadConfig,
  signAccessToken,
  verifyAccessToken,
  type JwtSignerOptions,
  type JwtVerifierOptions,
} from '../src/index.ts';

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const keys = pair();
const signer: JwtSignerOptions = loadConfig(jwtSignerConfigSpec, { JWT_PRIVATE_KEY: keys.privatePem });
const verifier: JwtVerifierOptions = loadConfig(jwtVerifierConfigSpec, { JWT_PUBLIC_KEY: keys.publicPem });
const customer = { role: 'customer', subject: 'c-1', customerId: 'c-1' } as const;

const b64 = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const rejection = (token: string, opts = verifier) =>
  verifyAccessToken(opts, token).then(
    () => 'accepted',
    (err: unknown) => (err instanceof InvalidTokenError ? err.reason : `unexpected ${String(err)}`),
  );

describe('access tokens (ES256)', () => {
  it('when a token is signed and verified with the matching keys, then the identity comes back', async () => {
    const { token, expiresAt } = await signAccessToken(signer, customer);
    expect(await verifyAccessToken(verifier, token)).toEqual(customer);
    expect(payloadOf(token)).toMatchObject({
      iss: 'shopgraph-customers',
      aud: 'shopgraph-api',
      sub: 'c-1',
      role: 'customer',
    });
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(3500_000);
    const brand = { role: 'brand', subject: 'brand:ganni', brandId: 'b-1' } as const;
    expect(await verifyAccessToken(verifier, (await signAccessToken(signer, brand)).token)).toEqual(brand);
    const admin = { role: 'admin', subject: 'ops' } as const;
    expect(await verifyAccessToken(verifier, (await signAccessToken(signer, admin)).token)).toEqual(admin);
  });

  it('when a token has expired, then it is refused as expired', async () => {
    const { token } = await signAccessToken(signer, customer, new Date(Date.now() - 2 * 3600_000));
    expect(await rejection(token)).toBe('expired');
  });

  it('when a token is signed by another key, then the signature is refused', async () => {
    const other = loadConfig(jwtSignerConfigSpec, { JWT_PRIVATE_KEY: pair().privatePem });
    expect(await rejection((await signAccessToken(other, customer)).token)).toBe('signature');
  });

  it('when the payload is changed after signing, then the signature is refused', async () => {
    const [h, , s] = (await signAccessToken(signer, customer)).token.split('.');
    const forged = b64({ ...payloadOf((await signAccessToken(signer, customer)).token), role: 'admin' });
    expect(await rejection(`${h}.${forged}.${s}`)).toBe('signature');
  });

  it('when a token says alg none or HS256 (keyed with the public key), then it is refused', async () => {
    const payload = payloadOf((await signAccessToken(signer, customer)).token);
    expect(await rejection(`${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`)).toBe('malformed');
    const signingInput = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
    const mac = createHmac('sha256', keys.publicPem).update(signingInput).digest();
    expect(await rejection(`${signingInput}.${b64(mac)}`)).toBe('malformed');
  });

  it('when the issuer or the audience is not the expected one, then the claims are refused', async () => {
    const foreign = { ...signer, jwtIssuer: 'someone-else' };
    expect(await rejection((await signAccessToken(foreign, customer)).token)).toBe('claims');
    const otherAudience = { ...signer, jwtAudience: 'another-api' };
    expect(await rejection((await signAccessToken(otherAudience, customer)).token)).toBe('claims');
  });

  it('when no public key is configured, then every token is refused', async () => {
    const { token } = await signAccessToken(signer, customer);
    expect(await rejection(token, { ...verifier, jwtPublicKey: null })).toBe('no-key');
  });

  it('when the text is not a JWT at all, then it is refused as malformed', async () => {
    expect(await rejection('not-a-token')).toBe('malformed');
    expect(await rejection('')).toBe('malformed');
  });

  it('when a key in config is not an EC P-256 PEM, then config names the variable without echoing it', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(() => loadConfig(jwtSignerConfigSpec, { JWT_PRIVATE_KEY: rsa })).toThrow(
      /JWT_PRIVATE_KEY=<redacted> is invalid: expected a PEM private key on the P-256 curve/,
    );
    expect(() => loadConfig(jwtSignerConfigSpec, {})).toThrow(/JWT_PRIVATE_KEY is required/);
    expect(loadConfig(jwtVerifierConfigSpec, {}).jwtPublicKey).toBeNull();
    const escaped = keys.publicPem.replace(/\n/g, '\\n');
    expect(loadConfig(jwtVerifierConfigSpec, { JWT_PUBLIC_KEY: escaped }).jwtPublicKey).not.toBeNull();
  });
});
