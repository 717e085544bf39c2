import { unauthenticated, type JwtSignerOptions, type Queryable } from '@shopgraph/platform';
import { findCredentialsByEmail } from '../data/customer-repository.ts';
import { UNMATCHABLE_HASH, verifyPassword } from './passwords.ts';
import { signIn, type AuthPayload } from './tokens.ts';

const REFUSED = 'email or password is incorrect';

/**
 * Signs a customer in. An unknown email and a wrong password get the same error, and take
 * about as long: an unknown email is still checked against a hash of the same cost.
 */
export async function login(
  db: Queryable,
  signer: JwtSignerOptions,
  email: string,
  password: string,
): Promise<AuthPayload> {
  const credentials = await findCredentialsByEmail(db, email.trim());
  const matches = await verifyPassword(password, credentials?.passwordHash ?? UNMATCHABLE_HASH);
  if (credentials === null || !matches) throw unauthenticated(REFUSED);
  return signIn(signer, credentials.customer);
}
