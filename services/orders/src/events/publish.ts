import {
  OrderCancelled,
  OrderConfirmed,
  OrderDelivered,
  OrderDispatchAccepted,
  OrderPaymentFailed,
  OrderPlaced,
  OrderRejected,
  OrderShipped,
  outbox,
} from '@shopgraph/events';
import type { PoolClient, ServiceDeps } from '@shopgraph/platform';
import type { OrderChange, OrderEffects } from '../domain/changes.ts';
import { orderMetrics } from '../metrics.ts';

/** Writes the change's event to the outbox in the caller's transaction; subject = orderId. */
export async function publish(tx: PoolClient, change: OrderChange): Promise<void> {
  if (change.type === 'placed') {
    const { order, lines } = change;
    await outbox.add(tx, OrderPlaced, {
      subject: order.id,
      data: {
        orderId: order.id,
        number: order.number,
        customerId: order.customerId,
        lines: lines.map((l) => ({
          productId: l.productId,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          lineTotal: l.lineTotal,
        })),
        total: order.total,
        paymentToken: order.paymentToken,
        shippingAddress: order.shippingAddress,
      },
    });
    return;
  }
  if (change.type === 'dispatchAccepted') {
    const { order, shipmentId } = change;
    await outbox.add(tx, OrderDispatchAccepted, {
      subject: order.id,
      data: { orderId: order.id, shipmentId },
    });
    return;
  }
  const { change: c, transition: t } = change;
  const subject = c.order.id;
  const orderId = c.order.id;
  switch (t.to) {
    case 'CONFIRMED':
      await outbox.add(tx, OrderConfirmed, { subject, data: { orderId, paymentId: t.paymentId } });
      return;
    case 'REJECTED':
      await outbox.add(tx, OrderRejected, { subject, data: { orderId, shortLines: [...t.shortLines] } });
      return;
    case 'PAYMENT_FAILED':
      await outbox.add(tx, OrderPaymentFailed, {
        subject,
        data: { orderId, paymentId: t.paymentId, reason: t.reason },
      });
      return;
    case 'CANCELLED':
      await outbox.add(tx, OrderCancelled, {
        subject,
        data: { orderId, previousStatus: c.from, reason: t.reason },
      });
      return;
    case 'SHIPPED':
      await outbox.add(tx, OrderShipped, { subject, data: { orderId, shipmentId: t.shipmentId } });
      return;
    case 'DELIVERED':
      await outbox.add(tx, OrderDelivered, { subject, data: { orderId, shipmentId: t.shipmentId } });
      return;
  }
}

/** The use cases' effects in a running service: publish to the outbox, count in its registry. */
export const orderEffects = (deps: Pick<ServiceDeps, 'metrics'>): OrderEffects => ({
  publish,
  observe: orderMetrics(deps.metrics),
});
