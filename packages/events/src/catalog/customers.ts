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
