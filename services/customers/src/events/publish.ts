import { AddressAdded, outbox } from '@shopgraph/events';
import type { PublishCustomerChange } from '../domain/changes.ts';

/**
 * Writes a change as its event to the outbox, in the caller's transaction; subject = customerId.
 * Orders keeps a read model of addresses (to snapshot the shipping address at checkout).
 */
export const publish: PublishCustomerChange = async (tx, { address }) => {
  const { id: addressId, ...rest } = address;
  await outbox.add(tx, AddressAdded, { subject: address.customerId, data: { addressId, ...rest } });
};
