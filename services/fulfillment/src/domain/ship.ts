import { createHash } from 'node:crypto';
import {
  badUserInput,
  conflict,
  isUniqueViolation,
  isUuid,
  notFound,
  requireRole,
  withTransaction,
  type Identity,
  type Pool,
  type PoolClient,
} from '@shopgraph/platform';
import {
  findShipmentForUpdate,
  markDelivered as writeDelivered,
  markDispatched,
} from '../data/shipment-repository.ts';
import type { Shipment } from './model.ts';
import type { PublishShipmentChange } from './changes.ts';
import { validateDispatch } from './shipment-rules.ts';

export interface DispatchInput {
  readonly id: string;
  readonly carrier?: string | null;
  readonly trackingNumber?: string | null;
}

/** A tracking number derived from the shipment id when the admin gives none (stable on retry). */
export const generatedTrackingNumber = (shipmentId: string) =>
  `SG${createHash('sha256').update(shipmentId).digest('hex').slice(0, 14).toUpperCase()}`;

/** Admin only; a malformed id is BAD_USER_INPUT, an unknown one NOT_FOUND. */
async function lockShipment(tx: PoolClient, id: string): Promise<Shipment> {
  const shipment = await findShipmentForUpdate(tx, id);
  if (shipment === null) throw notFound(`shipment ${id} not found`);
  return shipment;
}

function checkId(identity: Identity, id: string): void {
  requireRole(identity, 'admin');
  if (!isUuid(id)) throw badUserInput('id must be a shipment id', 'id');
}

/**
 * PENDING -> DISPATCHED with a carrier and tracking number, and ShipmentDispatched (payments
 * captures, inventory commits, orders ships). Anything else is refused and writes nothing.
 */
export async function dispatchShipment(
  pool: Pool,
  identity: Identity,
  input: DispatchInput,
  defaultCarrier: string,
  publish: PublishShipmentChange,
): Promise<Shipment> {
  checkId(identity, input.id);
  const valid = validateDispatch(input);
  if ('field' in valid) throw badUserInput(valid.message, valid.field);
  try {
    return await withTransaction(pool, async (tx) => {
      const shipment = await lockShipment(tx, input.id);
      if (shipment.status !== 'PENDING')
        throw conflict(`shipment is ${shipment.status}; only a PENDING shipment can be dispatched`, 'id');
      const dispatched = await markDispatched(
        tx,
        shipment.id,
        valid.carrier ?? defaultCarrier,
        valid.trackingNumber ?? generatedTrackingNumber(shipment.id),
      );
      await publish(tx, { type: 'ShipmentDispatched', shipment: dispatched! });
      return dispatched!;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'shipments_tracking_number_key'))
      throw conflict('trackingNumber is already used by another shipment', 'trackingNumber');
    throw err;
  }
}

/** DISPATCHED -> DELIVERED, and ShipmentDelivered. Anything else is refused and writes nothing. */
export async function markDelivered(
  pool: Pool,
  identity: Identity,
  id: string,
  publish: PublishShipmentChange,
): Promise<Shipment> {
  checkId(identity, id);
  return withTransaction(pool, async (tx) => {
    const shipment = await lockShipment(tx, id);
    if (shipment.status !== 'DISPATCHED')
      throw conflict(`shipment is ${shipment.status}; only a DISPATCHED shipment can be delivered`, 'id');
    const delivered = await writeDelivered(tx, shipment.id);
    await publish(tx, { type: 'ShipmentDelivered', shipment: delivered! });
    return delivered!;
  });
}
