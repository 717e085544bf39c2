import {
  AddressAdded,
  handle,
  PaymentAuthorized,
  PaymentDeclined,
  ProductActivated,
  ProductPriceChanged,
  ProductUpserted,
  ShipmentDelivered,
  ShipmentDispatched,
  ShipmentDispatchRequested,
  StockReservationRejected,
  type Handler,
} from '@shopgraph/events';
import type { OrderEffects } from '../domain/changes.ts';
import { recordAddressAndRelease } from '../domain/await-address.ts';
import { recordActivation, recordPrice, recordProduct } from '../domain/read-models.ts';
import { onDispatchRequested } from '../domain/accept-dispatch.ts';
import { applyTransition } from '../domain/transition.ts';

/**
 * What orders consumes: its read models (prices, availability, addresses) and the saga's
 * answers. Every transition is conditional on the order's current status (the lifecycle
 * table), so a late or repeated event changes nothing. StockReserved needs no handler: the
 * order stays PENDING until payments answers.
 */
export function handlers(effects: OrderEffects): Handler[] {
  return [
    handle(ProductUpserted, (tx, { data }) =>
      recordProduct(tx, { productId: data.productId, status: data.status, price: data.price }),
    ),
    handle(ProductPriceChanged, (tx, { data }) => recordPrice(tx, data.productId, data.price)),
    handle(ProductActivated, (tx, { data }) => recordActivation(tx, data.productId)),
    handle(AddressAdded, (tx, { data }) =>
      recordAddressAndRelease(tx, effects, {
        id: data.addressId,
        customerId: data.customerId,
        name: data.name,
        line1: data.line1,
        line2: data.line2,
        city: data.city,
        postalCode: data.postalCode,
        country: data.country,
      }),
    ),
    handle(StockReservationRejected, async (tx, { data }) => {
      await applyTransition(tx, effects, data.orderId, { to: 'REJECTED', shortLines: data.shortLines });
    }),
    handle(PaymentAuthorized, async (tx, { data }) => {
      await applyTransition(tx, effects, data.orderId, { to: 'CONFIRMED', paymentId: data.paymentId });
    }),
    handle(PaymentDeclined, async (tx, { data }) => {
      await applyTransition(tx, effects, data.orderId, {
        to: 'PAYMENT_FAILED',
        paymentId: data.paymentId,
        reason: data.reason,
      });
    }),
    handle(ShipmentDispatchRequested, async (tx, { data }) => {
      await onDispatchRequested(tx, effects, data.orderId, data.shipmentId);
    }),
    handle(ShipmentDispatched, async (tx, { data }) => {
      await applyTransition(tx, effects, data.orderId, { to: 'SHIPPED', shipmentId: data.shipmentId });
    }),
    handle(ShipmentDelivered, async (tx, { data }) => {
      await applyTransition(tx, effects, data.orderId, { to: 'DELIVERED', shipmentId: data.shipmentId });
    }),
  ];
}
