import type { AddressSnapshot as EventAddressSnapshot, Money as EventMoney } from '@shopgraph/events';
import type { OrderStatus } from './lifecycle.ts';

export type Money = Readonly<EventMoney>;
export type AddressSnapshot = Readonly<EventAddressSnapshot>;

export interface Order {
  readonly id: string;
  readonly seq: number;
  readonly number: string;
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly status: OrderStatus;
  readonly total: Money;
  readonly paymentToken: string;
  readonly shippingAddress: AddressSnapshot | null;
  readonly paymentId: string | null;
  readonly shipmentId: string | null;
  readonly createdAt: Date;
  /** When orders accepted fulfillment's dispatch request: from then on it cannot be cancelled. */
  readonly dispatchAcceptedAt: Date | null;
  /** The shipping address id placeOrder is waiting to learn (AddressAdded); null once known. */
  readonly awaitingAddressId: string | null;
}

export interface OrderLine {
  readonly orderId: string;
  readonly lineNo: number;
  readonly productId: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
}

export interface StatusChange {
  readonly orderId: string;
  readonly status: OrderStatus;
  readonly reason: string | null;
  readonly at: Date;
}

export interface NewOrder {
  readonly id: string;
  readonly customerId: string;
  readonly idempotencyKey: string;
  readonly total: Money;
  readonly paymentToken: string;
  /** Null while the address is awaited (`awaitingAddressId`). */
  readonly shippingAddress: AddressSnapshot | null;
  readonly awaitingAddressId: string | null;
  readonly lines: readonly { productId: string; quantity: number; unitAmount: number }[];
}

export interface TransitionedOrder {
  readonly from: OrderStatus;
  readonly order: Order;
}

/** What orders knows of other services' entities, from their events (its read models). */
export type ProductStatus = 'DRAFT' | 'ACTIVE' | 'DISCONTINUED';

export interface KnownProduct {
  readonly productId: string;
  readonly status: ProductStatus;
  readonly price: Money | null;
}

export interface KnownAddress extends AddressSnapshot {
  readonly id: string;
  readonly customerId: string;
}

/** Customer as orders knows it: only its id (customers owns the rest). */
export interface CustomerRef {
  readonly id: string;
}

/** An order line with its product as a reference for the gateway to resolve. */
export interface OrderLineView extends OrderLine {
  readonly product: { readonly __typename: 'Product'; readonly id: string };
}
