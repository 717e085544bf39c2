import { readFile } from 'node:fs/promises';
import { stableUuid, type SeedFn } from '@shopgraph/platform/seed';
import { findCustomerByEmail } from './data/customer-repository.ts';
import { addAddress, type AddressInput } from './domain/add-address.ts';
import { createCustomer } from './domain/register-customer.ts';
import { publish } from './events/publish.ts';

/** Every seeded customer's password (local data only); `make up` prints a login with it. */
export const SEED_PASSWORD = 'shopgraph-demo';

/** Id of a seeded customer, so other services' seeds can refer to it. */
export const seededCustomerId = (email: string): string => stableUuid('customer', email.toLowerCase());
export const seededAddressId = (email: string, index: number): string =>
  stableUuid('address', `${email.toLowerCase()}#${index}`);

interface SeedCustomer {
  readonly email: string;
  readonly name: string;
  readonly addresses: readonly AddressInput[];
}

/** Registers the seed customers that are not there yet, with their addresses, through the use cases. */
export const seed: SeedFn = async ({ pool }) => {
  const customers = JSON.parse(
    await readFile(new URL('../seed/customers.json', import.meta.url), 'utf8'),
  ) as SeedCustomer[];
  let created = 0;
  for (const c of customers) {
    if (await findCustomerByEmail(pool, c.email)) continue;
    const { id } = await createCustomer(
      pool,
      publish,
      { email: c.email, name: c.name, password: SEED_PASSWORD },
      seededCustomerId(c.email),
    );
    const asCustomer = { role: 'customer', subject: id, customerId: id } as const;
    for (const [i, address] of c.addresses.entries())
      await addAddress(pool, asCustomer, address, publish, seededAddressId(c.email, i));
    created++;
  }
  return { created };
};
