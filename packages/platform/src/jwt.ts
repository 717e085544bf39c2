import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { toIdentity, type Authenticated } from './auth.ts';
import { parse, type ConfigKey } from './config.ts';

/**
 * Access tokens: ES256 JWTs. customers signs them with the private key; the gateway verifies
 * them with the public key and nothing else (no shared secret, no `alg` from the token).
 * Claims: iss, aud, sub, iat, exp, jti, plus `role` and `customerId` / `brandId`.
 */
export const JWT_ALG = 'ES256';

/** PEM from an env var; `\n` written as two characters (common in .env files) is accepted. */
export function pemKey(kind: 'private' | 'public') {
  return (raw: string): KeyObject | Error => {
    try {
      const pem = raw.includes('\\n') ? raw.replace(/\\n/g, '\n') : raw;
      const key = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') throw new Error('not P-256');
      return key;
    } catch {
      return new Error(`a PEM ${kind} key on the P-256 curve (ES256), e.g. from scripts/jwt-keys.sh`);
    }
  };
}

const claimKeys = {
  jwtIssuer: {
    env: 'JWT_ISSUER',
    doc: 'iss of access tokens: set by customers, required by the gateway',
    default: 'shopgraph-customers',
    parse: parse.string,
  } satisfies ConfigKey<string>,
  jwtAudience: {
    env: 'JWT_AUDIENCE',
    doc: 'aud of access tokens: set by customers, required by the gateway',
    default: 'shopgraph-api',
    parse: parse.string,
  } satisfies ConfigKey<string>,
};

/** Keys of the service that issues tokens (customers). */
export const jwtSignerConfigSpec = {
  ...claimKeys,
  jwtPrivateKey: {
    env: 'JWT_PRIVATE_KEY',
    doc: 'PEM (PKCS#8) EC P-256 private key that signs access tokens',
    parse: pemKey('private'),
    secret: true,
  } satisfies ConfigKey<KeyObject>,
  jwtTtlSeconds: {
    env: 'JWT_TTL_SECONDS',
    doc: 'lifetime of an access token in seconds',
    default: 3600,
    parse: parse.int(60, 7 * 24 * 3600),
  } satisfies ConfigKey<number>,
};

/** Keys of the service that verifies tokens (the gateway). */
export const jwtVerifierConfigSpec = {
  ...claimKeys,
  jwtPublicKey: {
    env: 'JWT_PUBLIC_KEY',
    doc: 'PEM (SPKI) EC P-256 public key that verifies access tokens; unset: every token is refused (401)',
    default: null,
    parse: pemKey('public'),
  } satisfies ConfigKey<KeyObject | null>,
  jwtClockToleranceSeconds: {
    env: 'JWT_CLOCK_TOLERANCE_SECONDS',
    doc: 'clock skew allowed when checking exp/nbf/iat',
    default: 5,
    parse: parse.int(0, 300),
  } satisfies ConfigKey<number>,
};

export interface JwtSignerOptions {
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly jwtPrivateKey: KeyObject;
  readonly jwtTtlSeconds: number;
}

export interface JwtVerifierOptions {
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly jwtPublicKey: KeyObject | null;
  readonly jwtClockToleranceSeconds: number;
}

export interface SignedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/** Signs an access token for `identity`; `now` is for tests. */
export async function signAccessToken(
  opts: JwtSignerOptions,
  identity: Authenticated,
  now: Date = new Date(),
): Promise<SignedToken> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + opts.jwtTtlSeconds;
  const claims: Record<string, string> = { role: identity.role };
  if (identity.role === 'customer') claims['customerId'] = identity.customerId;
  if (identity.role === 'brand') claims['brandId'] = identity.brandId;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: JWT_ALG, typ: 'JWT' })
    .setIssuer(opts.jwtIssuer)
    .setAudience(opts.jwtAudience)
    .setSubject(identity.subject)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(opts.jwtPrivateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Why a token was refused; the message is safe to show the client. */
export class InvalidTokenError extends Error {
  readonly reason: 'no-key' | 'expired' | 'claims' | 'signature' | 'malformed';
  constructor(reason: InvalidTokenError['reason'], message: string) {
    super(message);
    this.name = 'InvalidTokenError';
    this.reason = reason;
  }
}

/**
 * Verifies signature (ES256 only: `alg: none`, HS256 and the rest are refused), iss, aud, exp,
 * and that the claims describe a valid identity. Resolves to that identity or throws
 * InvalidTokenError.
 */
export async function verifyAccessToken(opts: JwtVerifierOptions, token: string): Promise<Authenticated> {
  if (opts.jwtPublicKey === null)
    throw new InvalidTokenError('no-key', 'tokens cannot be verified (no public key configured)');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, opts.jwtPublicKey, {
      algorithms: [JWT_ALG],
      issuer: opts.jwtIssuer,
      audience: opts.jwtAudience,
      clockTolerance: opts.jwtClockToleranceSeconds,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new InvalidTokenError('expired', 'token expired');
    if (err instanceof joseErrors.JWTClaimValidationFailed)
      throw new InvalidTokenError('claims', 'token claims rejected');
    if (err instanceof joseErrors.JWSSignatureVerificationFailed)
      throw new InvalidTokenError('signature', 'token signature invalid');
    throw new InvalidTokenError('malformed', 'token invalid');
  }
  const identity = toIdentity({ ...payload, subject: payload['sub'] });
  if (identity === null || identity.role === 'anonymous')
    throw new InvalidTokenError('claims', 'token claims rejected');
  return identity;
}
