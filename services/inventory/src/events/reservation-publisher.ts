import {
  outbox,
  StockCommitted,
  StockReleased,
  StockReservationRejected,
  StockReserved,
} from '@shopgraph/events';
import type { ReservationPublisher } from '../domain/reservations.ts';
import { publishStockLevel } from './publish.ts';

const lineRefs = (lines: readonly { productId: string; quantity: number }[]) =>
  lines.map((l) => ({ productId: l.productId, quantity: l.quantity }));

/** Reservation outcomes to the outbox, keyed by order id; level changes as StockLevelChanged. */
export const reservationPublisher: ReservationPublisher = {
  level: publishStockLevel,
  reserved: (tx, orderId, lines) =>
    outbox.add(tx, StockReserved, { subject: orderId, data: { orderId, lines: lineRefs(lines) } }),
  rejected: (tx, orderId, shortLines) =>
    outbox.add(tx, StockReservationRejected, {
      subject: orderId,
      data: { orderId, shortLines: [...shortLines] },
    }),
  released: (tx, orderId, reason, lines) =>
    outbox.add(tx, StockReleased, { subject: orderId, data: { orderId, reason, lines: lineRefs(lines) } }),
  committed: (tx, orderId, lines) =>
    outbox.add(tx, StockCommitted, { subject: orderId, data: { orderId, lines: lineRefs(lines) } }),
};
