import { randomUUID } from 'node:crypto';
import {
  badUserInput,
  conflict,
  isUniqueViolation,
  type JwtSignerOptions,
  type Queryable,
} from '@shopgraph/platform';
import { insertCustomer } from '../data/customer-repository.ts';
import type { Customer, NewCustomer } from './model.ts';
import { hashPassword } from './passwords.ts';
import { signIn, type AuthPayload } from './tokens.ts';

export interface RegisterCustomerInput {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

// Deliberately loose (RFC 5322 allows far more); one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;

/** Checks every rule before anything is written; the first broken rule is the error. */
export function validateCustomer(input: RegisterCustomerInput): Omit<NewCustomer, 'id' | 'passwordHash'> {
  const email = input.email.trim();
  if (email.length > 254 || !EMAIL.test(email))
    throw badUserInput('email must be an address like ada@example.com', 'email');
  const length = [...input.password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
    throw badUserInput(`password must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters`, 'password');
  }
  const name = input.name.trim();
  if (name.length === 0) throw badUserInput('name must not be empty', 'name');
  if (name.length > 120) throw badUserInput('name must be at most 120 characters', 'name');
  return { email, name };
}

/** Creates the account; an email taken in any letter case is a CONFLICT, nothing written. */
export async function createCustomer(
  db: Queryable,
  input: RegisterCustomerInput,
  id: string = randomUUID(),
): Promise<Customer> {
  const valid = validateCustomer(input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await insertCustomer(db, { ...valid, id, passwordHash });
  } catch (err) {
    if (isUniqueViolation(err, 'customers_email_key'))
      throw conflict(`email ${valid.email} is already registered`, 'email');
    throw err;
  }
}

/** registerCustomer: create the account and sign in. */
export async function registerCustomer(
  db: Queryable,
  signer: JwtSignerOptions,
  input: RegisterCustomerInput,
): Promise<AuthPayload> {
  return signIn(signer, await createCustomer(db, input));
}
