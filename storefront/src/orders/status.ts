import type { OrderStatus } from '../gql/graphql.ts';

export const STATUS_LABEL: Record<OrderStatus, string> = {
  PENDING: 'Processing',
  CONFIRMED: 'Confirmed',
  REJECTED: 'Out of stock',
  PAYMENT_FAILED: 'Payment declined',
  SHIPPED: 'Shipped',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
};

/** Statuses the saga still moves on from without anyone doing anything. */
export const isSettling = (status: OrderStatus): boolean => status === 'PENDING';
