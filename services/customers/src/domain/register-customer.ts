import { randomUUID } from 'node:crypto';
import {
  badUserInput,
  conflict,
  isUniqueViolation,
  withTransaction,
  type JwtSignerOptions,
  type Pool,
} from '@shopgraph/platform';
import { insertCustomer } from '../data/customer-repository.ts';
import type { PublishCustomerChange } from './changes.ts';
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

/**
 * Creates the account and, in the same transaction, publishes CustomerRegistered (id and name
 * only); an email taken in any letter case is a CONFLICT, nothing written.
 */
export async function createCustomer(
  pool: Pool,
  publish: PublishCustomerChange,
  input: RegisterCustomerInput,
  id: string = randomUUID(),
): Promise<Customer> {
  const valid = validateCustomer(input);
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTransaction(pool, async (tx) => {
      const customer = await insertCustomer(tx, { ...valid, id, passwordHash });
      await publish(tx, { type: 'CustomerRegistered', customer });
      return customer;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'customers_email_key'))
      throw conflict(`email ${valid.email} is already registered`, 'email');
    throw err;
  }
}

/** registerCustomer: create the account and sign in. */
export async function registerCustomer(
  pool: Pool,
  publish: PublishCustomerChange,
  signer: JwtSignerOptions,
  input: RegisterCustomerInput,
): Promise<AuthPayload> {
  return signIn(signer, await createCustomer(pool, publish, input));
}
