import { forbidden, unauthenticated } from './errors.ts';
import { isUuid } from './scalars.ts';

/**
 * Who is calling, as the gateway verified it from the client's JWT.
 *
 * Trust model: subgraphs do not see client tokens. The gateway verifies the client's token,
 * drops every `x-shopgraph-*` header the client sent, and on each subgraph call sets
 * IDENTITY_HEADER to an identity token it signed with its own key pair (identity-token.ts:
 * ES256, 60 s, iss shopgraph-gateway, aud shopgraph-subgraphs). Each subgraph verifies it with
 * the gateway's public key, so reaching a subgraph's port is not enough to be anyone: no
 * header is anonymous, a header that does not verify (forged, expired, another key, plain
 * JSON) is UNAUTHENTICATED (401). The network narrows who may try at all: subgraphs bind
 * 127.0.0.1 locally; in the cluster Istio (mTLS STRICT, AuthorizationPolicy admitting only the
 * gateway's principal) or, with the mesh off, a NetworkPolicy admits only the gateway's pods.
 */
export type Identity =
  | { readonly role: 'anonymous' }
  | { readonly role: 'customer'; readonly subject: string; readonly customerId: string }
  | { readonly role: 'brand'; readonly subject: string; readonly brandId: string }
  | { readonly role: 'admin'; readonly subject: string };

export type Role = Identity['role'];
export type Authenticated = Exclude<Identity, { role: 'anonymous' }>;

/** The internal header that carries the gateway's signed identity token (identity-token.ts). */
export const IDENTITY_HEADER = 'x-shopgraph-identity';

export const ANONYMOUS: Identity = Object.freeze({ role: 'anonymous' });

const text = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= 256;

/** Checks an untrusted value has exactly an Identity's shape; null when it does not. */
export function toIdentity(value: unknown): Identity | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  switch (v['role']) {
    case 'anonymous':
      return ANONYMOUS;
    case 'admin':
      return text(v['subject']) ? { role: 'admin', subject: v['subject'] } : null;
    case 'customer':
      return text(v['subject']) && text(v['customerId'])
        ? { role: 'customer', subject: v['subject'], customerId: v['customerId'] }
        : null;
    case 'brand':
      return text(v['subject']) && text(v['brandId'])
        ? { role: 'brand', subject: v['subject'], brandId: v['brandId'] }
        : null;
    default:
      return null;
  }
}

/** An identity's canonical JSON (only its own fields, nothing smuggled): a cache and dedup key. */
export function encodeIdentity(identity: Identity): string {
  return JSON.stringify(toIdentity(identity) ?? ANONYMOUS);
}

/** UNAUTHENTICATED for an anonymous caller; otherwise the caller. */
export function requireAuthenticated(identity: Identity): Authenticated {
  if (identity.role === 'anonymous') throw unauthenticated();
  return identity;
}

/** The caller when their role is one of `roles`; UNAUTHENTICATED if anonymous, else FORBIDDEN. */
export function requireRole<R extends Authenticated['role']>(
  identity: Identity,
  ...roles: R[]
): Extract<Identity, { role: R }> {
  const caller = requireAuthenticated(identity);
  if (!(roles as string[]).includes(caller.role)) throw forbidden();
  return caller as Extract<Identity, { role: R }>;
}

/** Passes for that customer and for admin; UNAUTHENTICATED if anonymous; FORBIDDEN for anyone else. */
export function requireCustomer(identity: Identity, customerId: string): void {
  const caller = requireAuthenticated(identity);
  if (caller.role === 'admin') return;
  if (caller.role === 'customer' && caller.customerId === customerId) return;
  throw forbidden();
}

/**
 * The owner-or-admin read: an entity a customer owns, for that customer or admin. An anonymous
 * caller is refused (UNAUTHENTICATED) before any read; an id that is not a UUID, names nothing,
 * or names an entity with no known owner yet is null; anyone else is FORBIDDEN and sees nothing.
 */
export async function readOwned<T>(
  identity: Identity,
  id: string,
  load: (id: string) => Promise<T | null>,
  ownerOf: (entity: T) => string | null,
): Promise<T | null> {
  requireAuthenticated(identity);
  const entity = isUuid(id) ? await load(id) : null;
  const owner = entity === null ? null : ownerOf(entity);
  if (owner === null) return null;
  requireCustomer(identity, owner);
  return entity;
}

/** Passes for that brand's tokens and for admin; UNAUTHENTICATED if anonymous; FORBIDDEN for anyone else. */
export function requireBrand(identity: Identity, brandId: string): void {
  const caller = requireAuthenticated(identity);
  if (caller.role === 'admin') return;
  if (caller.role === 'brand' && caller.brandId === brandId) return;
  throw forbidden();
}

/** How an audit trail names the caller: `admin:<subject>`, `brand:<brandId>`, `customer:<customerId>`. */
export function actorOf(identity: Authenticated): string {
  switch (identity.role) {
    case 'admin':
      return `admin:${identity.subject}`;
    case 'brand':
      return `brand:${identity.brandId}`;
    case 'customer':
      return `customer:${identity.customerId}`;
  }
}
