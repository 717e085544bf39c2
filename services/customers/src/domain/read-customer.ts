import { isUuid, readOwned, requireCustomer, type Identity } from '@shopgraph/platform';
import type { Address, Customer } from './model.ts';

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
  return readOwned(identity, id, load, (address) => address.customerId);
}
