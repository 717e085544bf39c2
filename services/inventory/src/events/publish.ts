import {
  outbox,
  StockCommitted,
  StockLevelChanged,
  StockReleased,
  StockReservationRejected,
  StockReserved,
} from '@shopgraph/events';
import type { PublishStockChange } from '../domain/changes.ts';

const lineRefs = (lines: readonly { productId: string; quantity: number }[]) =>
  lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));

/**
 * Writes a change as its event to the outbox, in the caller's transaction: a level change keyed
 * by product id, reservation outcomes keyed by order id.
 */
export const publish: PublishStockChange = async (tx, change) => {
  switch (change.type) {
    case 'StockLevelChanged': {
      const { productId, onHand, reserved, available } = change.level;
      await outbox.add(tx, StockLevelChanged, {
        subject: productId,
        data: { productId, onHand, reserved, available },
      });
      return;
    }
    case 'StockReserved':
      await outbox.add(tx, StockReserved, {
        subject: change.orderId,
        data: { orderId: change.orderId, lines: lineRefs(change.lines) },
      });
      return;
    case 'StockReservationRejected':
      await outbox.add(tx, StockReservationRejected, {
        subject: change.orderId,
        data: { orderId: change.orderId, shortLines: [...change.shortLines] },
      });
      return;
    case 'StockReleased':
      await outbox.add(tx, StockReleased, {
        subject: change.orderId,
        data: { orderId: change.orderId, reason: change.reason, lines: lineRefs(change.lines) },
      });
      return;
    case 'StockCommitted':
      await outbox.add(tx, StockCommitted, {
        subject: change.orderId,
        data: { orderId: change.orderId, lines: lineRefs(change.lines) },
      });
      return;
  }
};
