import type { Publisher } from '@shopgraph/platform';
import type { Address, Customer } from './model.ts';

/** What happened to a customer's data in one transaction; events/publish.ts writes it as its event. */
export type CustomerChange =
  | { readonly type: 'CustomerRegistered'; readonly customer: Customer }
  | { readonly type: 'AddressAdded'; readonly address: Address };

export type PublishCustomerChange = Publisher<CustomerChange>;
