import { uuidLoader, DataLoader, type JwtSignerOptions, type SubgraphContext } from '@shopgraph/platform';
import type { CustomersConfig } from './config.ts';
import { findAddressesByCustomerIds, findAddressesByIds } from './data/address-repository.ts';
import { findCustomersByIds } from './data/customer-repository.ts';
import type { PublishCustomerChange } from './domain/changes.ts';
import type { Address, Customer } from './domain/model.ts';
import { publish } from './events/publish.ts';

export interface CustomersContext extends SubgraphContext {
  /** Signs access tokens (registerCustomer, login). */
  readonly signer: JwtSignerOptions;
  /** Publishes a mutation's change inside its transaction. */
  readonly publish: PublishCustomerChange;
  /** Customers by id, batched per request (one query per `_entities` call). */
  readonly customerById: DataLoader<string, Customer | null>;
  readonly addressById: DataLoader<string, Address | null>;
  /** Each customer's addresses, oldest first; one query for every customer in the response. */
  readonly addressesByCustomerId: DataLoader<string, Address[]>;
}

/** Each request's context: fresh loaders over the shared pool, the token signer and the publisher. */
export const createContext =
  (signer: CustomersConfig) =>
  (base: SubgraphContext): CustomersContext => ({
    ...base,
    signer,
    publish,
    customerById: uuidLoader(
      (ids) => findCustomersByIds(base.pool, ids),
      (customer) => customer.id,
    ),
    addressById: uuidLoader(
      (ids) => findAddressesByIds(base.pool, ids),
      (address) => address.id,
    ),
    addressesByCustomerId: new DataLoader(async (ids: readonly string[]) => {
      const rows = await findAddressesByCustomerIds(base.pool, ids);
      return ids.map((id) => rows.filter((a) => a.customerId === id));
    }),
  });
