import { sign, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import { errors as joseErrors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { ANONYMOUS, IDENTITY_HEADER, toIdentity, type Authenticated, type Identity } from './auth.ts';
import { parse, type ConfigKey } from './config.ts';
import { InvalidTokenError, JWT_ALG, pemKey } from './jwt.ts';

/**
 * Identity tokens: what the gateway tells a subgraph about the caller (auth.ts, trust model).
 * An ES256 JWT the gateway signs with its own key pair (not the customers' access-token keys):
 * iss "shopgraph-gateway", aud "shopgraph-subgraphs", sub, role, customerId / brandId, iat, and
 * exp 60 s later. Subgraphs verify it with the gateway's public key and nothing else.
 */
export const IDENTITY_TOKEN_ISSUER = 'shopgraph-gateway';
export const IDENTITY_TOKEN_AUDIENCE = 'shopgraph-subgraphs';
export const IDENTITY_TOKEN_TTL_SECONDS = 60;
/** The gateway signs a new token for an identity once the cached one is this old. */
export const IDENTITY_TOKEN_REUSE_SECONDS = 30;
/** Longer header values are refused unread (a real token is ~400 characters). */
const MAX_TOKEN_LENGTH = 4096;

/** Key of the gateway, which signs identity tokens. */
export const identitySignerConfigSpec = {
  identityPrivateKey: {
    env: 'GATEWAY_IDENTITY_PRIVATE_KEY',
    doc: 'PEM (PKCS#8) EC P-256 private key that signs the identity tokens sent to subgraphs; unset: every subgraph call is anonymous',
    default: null,
    parse: pemKey('private'),
    secret: true,
  } satisfies ConfigKey<KeyObject | null>,
};

/** Key of every subgraph, which verifies identity tokens. */
export const identityVerifierConfigSpec = {
  identityPublicKey: {
    env: 'GATEWAY_IDENTITY_PUBLIC_KEY',
    doc: "PEM (SPKI) EC P-256 public key of the gateway's identity tokens; unset: a request carrying one is refused (401)",
    default: null,
    parse: pemKey('public'),
  } satisfies ConfigKey<KeyObject | null>,
  identityClockToleranceSeconds: {
    env: 'IDENTITY_CLOCK_TOLERANCE_SECONDS',
    doc: 'clock skew between gateway and subgraph allowed when checking an identity token',
    default: 5,
    parse: parse.int(0, 30),
  } satisfies ConfigKey<number>,
};

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs an identity token for `identity` at `nowMs`. Synchronous (node:crypto; jose only signs
 * asynchronously) so test helpers can build headers inline; verification is jose's.
 */
export function signIdentityToken(key: KeyObject, identity: Authenticated, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const claims: Record<string, string | number> = {
    iss: IDENTITY_TOKEN_ISSUER,
    aud: IDENTITY_TOKEN_AUDIENCE,
    sub: identity.subject,
    role: identity.role,
    iat,
    exp: iat + IDENTITY_TOKEN_TTL_SECONDS,
  };
  if (identity.role === 'customer') claims['customerId'] = identity.customerId;
  if (identity.role === 'brand') claims['brandId'] = identity.brandId;
  const input = `${base64url({ alg: JWT_ALG, typ: 'JWT' })}.${base64url(claims)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

export interface IdentityCacheOptions {
  /** Most entries kept (least recently used go first). @default 10_000 */
  readonly max?: number;
  /** The clock, in ms; for tests. @default Date.now */
  readonly now?: () => number;
}

/**
 * The gateway's side: the header value for an identity, signed once per identity per
 * IDENTITY_TOKEN_REUSE_SECONDS (so a token reaching a subgraph has at least 30 s left) and
 * cached in a bounded LRU keyed by the identity. Anonymous gets no header at all.
 */
export class IdentitySigner {
  readonly #key: KeyObject;
  readonly #now: () => number;
  readonly #cache: LRUCache<string, { readonly token: string; readonly signedAt: number }>;

  constructor(key: KeyObject, opts: IdentityCacheOptions = {}) {
    this.#key = key;
    this.#now = opts.now ?? Date.now;
    this.#cache = new LRUCache({ max: opts.max ?? 10_000 });
  }

  /** Entries cached now (for tests of the bound). */
  get size(): number {
    return this.#cache.size;
  }

  /** The IDENTITY_HEADER value for `identity`; undefined for anonymous (send no header). */
  header(identity: Identity): string | undefined {
    const clean = toIdentity(identity);
    if (clean === null || clean.role === 'anonymous') return undefined;
    const key = JSON.stringify(clean);
    const now = this.#now();
    const cached = this.#cache.get(key);
    if (cached !== undefined && now - cached.signedAt < IDENTITY_TOKEN_REUSE_SECONDS * 1000)
      return cached.token;
    const token = signIdentityToken(this.#key, clean, now);
    this.#cache.set(key, { token, signedAt: now });
    return token;
  }
}

export interface IdentityVerifierOptions extends IdentityCacheOptions {
  readonly identityPublicKey: KeyObject | null;
  readonly identityClockToleranceSeconds: number;
}

/**
 * A subgraph's side: the identity in an IDENTITY_HEADER value. No value is anonymous; a value
 * that is not a token the gateway signed for subgraphs, or has expired, throws
 * InvalidTokenError. Verified tokens are cached by their text (bounded LRU) until they expire,
 * so a token the gateway reuses for 30 s costs one signature check per subgraph process.
 */
export class IdentityVerifier {
  readonly #opts: IdentityVerifierOptions;
  readonly #now: () => number;
  readonly #cache: LRUCache<string, { readonly identity: Authenticated; readonly until: number }>;

  constructor(opts: IdentityVerifierOptions) {
    this.#opts = opts;
    this.#now = opts.now ?? Date.now;
    this.#cache = new LRUCache({ max: opts.max ?? 10_000 });
  }

  /** Entries cached now (for tests of the bound). */
  get size(): number {
    return this.#cache.size;
  }

  async verify(value: string | readonly string[] | undefined): Promise<Identity> {
    if (value === undefined || value === '') return ANONYMOUS;
    if (typeof value !== 'string') throw new InvalidTokenError('malformed', 'identity token repeated');
    if (value.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('malformed', 'identity token invalid');
    const now = this.#now();
    const cached = this.#cache.get(value);
    if (cached !== undefined) {
      if (now < cached.until) return cached.identity;
      this.#cache.delete(value);
    }
    const { identityPublicKey: key, identityClockToleranceSeconds: tolerance } = this.#opts;
    if (key === null)
      throw new InvalidTokenError('no-key', 'identity tokens cannot be verified (no gateway public key)');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(value, key, {
        algorithms: [JWT_ALG],
        issuer: IDENTITY_TOKEN_ISSUER,
        audience: IDENTITY_TOKEN_AUDIENCE,
        clockTolerance: tolerance,
        maxTokenAge: IDENTITY_TOKEN_TTL_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
        currentDate: new Date(now),
      }));
    } catch (err) {
      throw refusal(err);
    }
    const identity = toIdentity({ ...payload, subject: payload['sub'] });
    if (identity === null || identity.role === 'anonymous')
      throw new InvalidTokenError('claims', 'identity token claims rejected');
    const exp = payload['exp'] as number;
    this.#cache.set(value, { identity, until: (exp + tolerance) * 1000 });
    return identity;
  }
}

function refusal(err: unknown): InvalidTokenError {
  if (err instanceof joseErrors.JWTExpired) return new InvalidTokenError('expired', 'identity token expired');
  if (err instanceof joseErrors.JWTClaimValidationFailed)
    return new InvalidTokenError('claims', 'identity token claims rejected');
  if (err instanceof joseErrors.JWSSignatureVerificationFailed)
    return new InvalidTokenError('signature', 'identity token signature invalid');
  return new InvalidTokenError('malformed', 'identity token invalid');
}

/**
 * The identity of a subgraph request (createSubgraphService's context): no IDENTITY_HEADER is
 * anonymous; a header that does not verify is UNAUTHENTICATED with HTTP 401 (a coded client
 * error, never a 500), reported through `onRefused` (the service logs it at info level).
 */
export async function identityFromHeaders(
  verifier: IdentityVerifier,
  headers: IncomingHttpHeaders,
  onRefused?: (reason: InvalidTokenError['reason']) => void,
): Promise<Identity> {
  try {
    return await verifier.verify(headers[IDENTITY_HEADER]);
  } catch (err) {
    if (!(err instanceof InvalidTokenError)) throw err;
    onRefused?.(err.reason);
    throw new GraphQLError(err.message, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}
