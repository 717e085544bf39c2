import { AddressAdded, CustomerRegistered, outbox } from '@shopgraph/events';
import type { PublishCustomerChange } from '../domain/changes.ts';

/**
 * Writes a change as its event to the outbox, in the caller's transaction; subject = customerId.
 * Orders keeps a read model of addresses (to snapshot the shipping address at checkout).
 * CustomerRegistered carries no email and no credentials: consumers need neither.
 */
export const publish: PublishCustomerChange = async (tx, change) => {
  if (change.type === 'CustomerRegistered') {
    const { id: customerId, name } = change.customer;
    await outbox.add(tx, CustomerRegistered, { subject: customerId, data: { customerId, name } });
    return;
  }
  const { id: addressId, ...rest } = change.address;
  await outbox.add(tx, AddressAdded, { subject: change.address.customerId, data: { addressId, ...rest } });
};
