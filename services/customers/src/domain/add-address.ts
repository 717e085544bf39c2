import { randomUUID } from 'node:crypto';
import {
  badUserInput,
  isCountryCode,
  requireRole,
  withTransaction,
  type Identity,
  type Pool,
} from '@shopgraph/platform';
import { countAddresses, insertAddress } from '../data/address-repository.ts';
import { lockCustomer } from '../data/customer-repository.ts';
import type { PublishCustomerChange } from './changes.ts';
import type { Address } from './model.ts';

export interface AddressInput {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | null;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}

/** Most addresses one customer may keep. */
export const MAX_ADDRESSES = 20;
const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;

function required(value: string, field: string, max: number): string {
  const v = value.trim();
  if (v.length === 0) throw badUserInput(`${field} must not be empty`, field);
  if (v.length > max) throw badUserInput(`${field} must be at most ${max} characters`, field);
  return v;
}

/** Checks every rule before anything is written; the first broken rule is the error. */
export function validateAddress(input: AddressInput, customerId: string, id: string): Address {
  const name = required(input.name, 'name', 120);
  const line1 = required(input.line1, 'line1', 200);
  const line2 = input.line2?.trim() || null;
  if (line2 !== null && line2.length > 200)
    throw badUserInput('line2 must be at most 200 characters', 'line2');
  const city = required(input.city, 'city', 100);
  const postalCode = required(input.postalCode, 'postalCode', 20);
  if (!POSTAL_CODE.test(postalCode))
    throw badUserInput('postalCode may hold letters, digits, spaces and hyphens', 'postalCode');
  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country))
    throw badUserInput(`country "${input.country}" is not an ISO 3166-1 alpha-2 code`, 'country');
  return { id, customerId, name, line1, line2, city, postalCode, country };
}

/**
 * Adds an address to the calling customer's book (customer tokens only; admin has no book) and,
 * in the same transaction, publishes AddressAdded.
 */
export async function addAddress(
  pool: Pool,
  identity: Identity,
  input: AddressInput,
  publish: PublishCustomerChange,
  id: string = randomUUID(),
): Promise<Address> {
  const { customerId } = requireRole(identity, 'customer');
  const address = validateAddress(input, customerId, id);
  return withTransaction(pool, async (tx) => {
    // The lock makes the count-then-insert safe against concurrent adds.
    if (!(await lockCustomer(tx, customerId))) throw badUserInput('this customer account no longer exists');
    if ((await countAddresses(tx, customerId)) >= MAX_ADDRESSES) {
      throw badUserInput(`an address book holds at most ${MAX_ADDRESSES} addresses`);
    }
    const saved = await insertAddress(tx, address);
    await publish(tx, { type: 'AddressAdded', address: saved });
    return saved;
  });
}
