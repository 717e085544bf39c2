import { isUuid, requireAuthenticated, requireCustomer, type Identity } from '@shopgraph/platform';
import type { Address } from '../data/address-repository.ts';
import type { Customer } from '../data/customer-repository.ts';

type Load<T> = (id: string) => Promise<T | null>;

/** A customer record, for that customer or admin; anyone else is refused before any read. */
export async function readCustomer(
  identity: Identity,
  id: string,
  load: Load<Customer>,
): Promise<Customer | null> {
  requireCustomer(identity, id);
  return isUuid(id) ? load(id) : null;
}

/** The caller's own record; null unless the caller is a customer. */
export async function readMe(identity: Identity, load: Load<Customer>): Promise<Customer | null> {
  return identity.role === 'customer' ? load(identity.customerId) : null;
}

/** An address, for its customer or admin; unknown ids are null. */
export async function readAddress(
  identity: Identity,
  id: string,
  load: Load<Address>,
): Promise<Address | null> {
  requireAuthenticated(identity); // before any read
  const address = isUuid(id) ? await load(id) : null;
  if (address === null) return null;
  requireCustomer(identity, address.customerId);
  return address;
}
