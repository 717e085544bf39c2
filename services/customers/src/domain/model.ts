import type { AddressSnapshot } from '@shopgraph/events';

/** A shopper's account, as the use cases return it (never with its password hash). */
export interface Customer {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly createdAt: Date;
}

/** An account that passed validation, with its hash, before it is written. */
export interface NewCustomer {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly passwordHash: string;
}

/** One entry of a customer's address book. */
export interface Address extends Readonly<AddressSnapshot> {
  readonly id: string;
  readonly customerId: string;
}
