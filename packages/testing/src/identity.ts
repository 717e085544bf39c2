import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { IDENTITY_HEADER, IdentitySigner, type Identity } from '@shopgraph/platform';

const PRIVATE_ENV = 'SHOPGRAPH_TEST_IDENTITY_PRIVATE_KEY';
const PUBLIC_ENV = 'SHOPGRAPH_TEST_IDENTITY_PUBLIC_KEY';

/**
 * The gateway identity key pair of this test process: made once, then kept in process.env so
 * child processes (a subgraph in gateway/tests/support, a stack's services) get the same pair.
 */
function testIdentityKeys(): { readonly privatePem: string; readonly publicPem: string } {
  const privatePem = process.env[PRIVATE_ENV];
  const publicPem = process.env[PUBLIC_ENV];
  if (privatePem && publicPem) return { privatePem, publicPem };
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  process.env[PRIVATE_ENV] = keys.privatePem;
  process.env[PUBLIC_ENV] = keys.publicPem;
  return keys;
}

export const IDENTITY_KEYS = testIdentityKeys();

/**
 * The env that makes a gateway sign identity tokens, and a subgraph verify them, with
 * IDENTITY_KEYS: spread it into a gateway's or a service's config env (each reads its own key).
 * testServiceConfig and startTestStack already do.
 */
export const IDENTITY_KEYS_ENV = {
  GATEWAY_IDENTITY_PRIVATE_KEY: IDENTITY_KEYS.privatePem,
  GATEWAY_IDENTITY_PUBLIC_KEY: IDENTITY_KEYS.publicPem,
} as const;

const signer = new IdentitySigner(createPrivateKey(IDENTITY_KEYS.privatePem));

/**
 * Headers that make a subgraph reached directly see `identity`, as if the gateway had called:
 * the identity token the gateway would send, signed with IDENTITY_KEYS; none for anonymous.
 */
export function identityHeaders(identity: Identity): Record<string, string> {
  const token = signer.header(identity);
  return token === undefined ? {} : { [IDENTITY_HEADER]: token };
}
