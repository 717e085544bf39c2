import type { OrderLineRef, ShortLine as EventShortLine } from '@shopgraph/events';

/** A product's stock: units on hand, reserved by open orders, and available (the difference). */
export interface StockLevel {
  readonly productId: string;
  readonly onHand: number;
  readonly reserved: number;
  readonly available: number;
  readonly updatedAt: Date;
}

export type MovementKind = 'SET' | 'ADJUST' | 'RESERVE' | 'RELEASE' | 'COMMIT';

export interface StockMovement {
  readonly id: string;
  readonly seq: number;
  readonly productId: string;
  readonly kind: MovementKind;
  readonly delta: number;
  readonly reservedDelta: number;
  readonly onHandAfter: number;
  readonly reason: string;
  readonly actor: string;
  readonly orderId: string | null;
  readonly createdAt: Date;
}

export type ReservationStatus = 'OPEN' | 'RELEASED' | 'COMMITTED';

export interface Reservation {
  readonly orderId: string;
  readonly productId: string;
  readonly quantity: number;
  readonly status: ReservationStatus;
}

/** An order line as checkout reserves it. */
export type Line = Readonly<OrderLineRef>;

/** A line that could not be reserved: how many were asked for and how many were available. */
export type ShortLine = Readonly<EventShortLine>;

/** Product as inventory knows it: only its id (products owns the rest). */
export interface ProductRef {
  readonly id: string;
}
