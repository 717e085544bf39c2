import {
  handle,
  OrderCancelled,
  OrderPlaced,
  PaymentDeclined,
  ProductUpserted,
  ShipmentDispatched,
  type Handler,
} from '@shopgraph/events';
import type { PublishStockChange } from '../domain/changes.ts';
import { recordProductBrand } from '../domain/product-brands.ts';
import { commitOrder, releaseOrder, reserveOrder } from '../domain/reservations.ts';

/**
 * Inventory's read model of product ownership (authorizes brands' stock writes), and its part of
 * the checkout saga: reserve on order, release on decline/cancel, commit on dispatch.
 */
export const handlers = (publish: PublishStockChange): Handler[] => [
  handle(ProductUpserted, (tx, { data }) => recordProductBrand(tx, data.productId, data.brandId)),
  handle(OrderPlaced, async (tx, event) => {
    await reserveOrder(tx, publish, event.data.orderId, event.data.lines);
  }),
  handle(PaymentDeclined, async (tx, event) => {
    await releaseOrder(tx, publish, event.data.orderId, 'payment declined');
  }),
  handle(OrderCancelled, async (tx, event) => {
    await releaseOrder(
      tx,
      publish,
      event.data.orderId,
      `order cancelled: ${event.data.reason}`.slice(0, 200),
    );
  }),
  handle(ShipmentDispatched, async (tx, event) => {
    await commitOrder(tx, publish, event.data.orderId);
  }),
];
