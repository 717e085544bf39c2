/** The shipment state machine and the saga's decision, as pure functions (unit-tested). */

export const SHIPMENT_STATUSES = ['PENDING', 'DISPATCHED', 'DELIVERED', 'CANCELLED'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Where each status may go; DELIVERED and CANCELLED are final. */
const NEXT: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  PENDING: ['DISPATCHED', 'CANCELLED'],
  DISPATCHED: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export const canTransition = (from: ShipmentStatus, to: ShipmentStatus): boolean => NEXT[from].includes(to);

/** What fulfillment knows of an order (see fulfillment_orders). */
export interface OrderFacts {
  readonly placed: boolean;
  readonly paymentAuthorized: boolean;
  readonly cancelled: boolean;
}

/**
 * Whether to create the order's shipment now: OrderPlaced (customer, address) and
 * PaymentAuthorized must both have arrived, in either order; never after a cancel; never twice.
 */
export function shipmentDecision(
  order: OrderFacts,
  hasShipment: boolean,
): 'create' | 'exists' | 'cancelled' | 'waiting' {
  if (hasShipment) return 'exists';
  if (order.cancelled) return 'cancelled';
  return order.placed && order.paymentAuthorized ? 'create' : 'waiting';
}

const TRACKING = /^[A-Z0-9]{6,40}$/;

/** Normalised carrier and tracking number, or the field that is wrong. */
export function validateDispatch(input: {
  readonly carrier?: string | null | undefined;
  readonly trackingNumber?: string | null | undefined;
}): { carrier: string | null; trackingNumber: string | null } | { field: string; message: string } {
  const carrier = input.carrier?.trim() ?? null;
  if (carrier !== null && (carrier.length < 1 || carrier.length > 64))
    return { field: 'carrier', message: 'carrier must be 1-64 characters' };
  const trackingNumber = input.trackingNumber?.trim().toUpperCase() ?? null;
  if (trackingNumber !== null && !TRACKING.test(trackingNumber))
    return { field: 'trackingNumber', message: 'trackingNumber must be 6-40 letters or digits' };
  return { carrier, trackingNumber };
}
