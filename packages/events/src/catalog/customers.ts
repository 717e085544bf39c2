import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';

/** A shopper registered; subject = customerId. No credentials, no email: consumers need neither. */
export const CustomerRegistered = defineEvent({
  producer: 'customers',
  name: 'CustomerRegistered',
  version: 1,
  data: Type.Object({
    customerId: Type.String({ format: 'uuid' }),
    name: Type.String(),
  }),
});

/**
 * An address was added to a customer's book; subject = customerId. Orders keeps a read model of
 * these so that placeOrder snapshots the shipping address without calling customers.
 */
export const AddressAdded = defineEvent({
  producer: 'customers',
  name: 'AddressAdded',
  version: 1,
  data: Type.Object({
    addressId: Type.String({ format: 'uuid' }),
    customerId: Type.String({ format: 'uuid' }),
    name: Type.String(),
    line1: Type.String(),
    line2: Type.Union([Type.String(), Type.Null()]),
    city: Type.String(),
    postalCode: Type.String(),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
  }),
});
