import {
  batchLoader,
  DataLoader,
  isUuid,
  type JwtSignerOptions,
  type SubgraphContext,
} from '@shopgraph/platform';
import { findAddressesByCustomerIds, findAddressesByIds, type Address } from './data/address-repository.ts';
import { findCustomersByIds, type Customer } from './data/customer-repository.ts';

export interface CustomersContext extends SubgraphContext {
  /** Signs access tokens (registerCustomer, login). */
  readonly signer: JwtSignerOptions;
  /** Customers by id, batched per request (one query per `_entities` call). */
  readonly customerById: DataLoader<string, Customer | null>;
  readonly addressById: DataLoader<string, Address | null>;
  /** Each customer's addresses, oldest first; one query for every customer in the response. */
  readonly addressesByCustomerId: DataLoader<string, Address[]>;
}

export function createContext(base: SubgraphContext, signer: JwtSignerOptions): CustomersContext {
  return {
    ...base,
    signer,
    customerById: batchLoader(
      (ids) => findCustomersByIds(base.pool, ids.filter(isUuid)),
      (customer) => customer.id,
    ),
    addressById: batchLoader(
      (ids) => findAddressesByIds(base.pool, ids.filter(isUuid)),
      (address) => address.id,
    ),
    addressesByCustomerId: new DataLoader(async (ids: readonly string[]) => {
      const rows = await findAddressesByCustomerIds(base.pool, ids);
      return ids.map((id) => rows.filter((a) => a.customerId === id));
    }),
  };
}
