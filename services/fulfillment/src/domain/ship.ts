import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
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
  findShipment,
  findShipmentForUpdate,
  markDelivered as writeDelivered,
  recordDispatchRequest,
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
 * Asks to hand a PENDING shipment to the carrier. Orders is the arbiter between a dispatch and a
 * cancel of the order (one row lock in its database), so this records the request with its
 * carrier and tracking number and publishes ShipmentDispatchRequested; the shipment becomes
 * DISPATCHED (ShipmentDispatched: payments captures, inventory commits) only when orders answers
 * OrderDispatchAccepted, and CANCELLED when the cancel won. The call waits up to `waitMs` for
 * that answer: DISPATCHED is returned, a lost race is a CONFLICT, and with no answer yet the
 * PENDING shipment comes back (it ships once orders accepts; a retry waits again). A second call
 * on a requested shipment sends nothing new and keeps the first carrier and number.
 */
export async function dispatchShipment(
  pool: Pool,
  identity: Identity,
  input: DispatchInput,
  options: { readonly defaultCarrier: string; readonly waitMs: number },
  publish: PublishShipmentChange,
): Promise<Shipment> {
  checkId(identity, input.id);
  const valid = validateDispatch(input);
  if ('field' in valid) throw badUserInput(valid.message, valid.field);
  try {
    await withTransaction(pool, async (tx) => {
      const shipment = await lockShipment(tx, input.id);
      if (shipment.status !== 'PENDING') throw notDispatchable(shipment);
      if (shipment.dispatchRequestedAt !== null) return;
      const requested = await recordDispatchRequest(
        tx,
        shipment.id,
        valid.carrier ?? options.defaultCarrier,
        valid.trackingNumber ?? generatedTrackingNumber(shipment.id),
      );
      await publish(tx, { type: 'ShipmentDispatchRequested', shipment: requested! });
    });
  } catch (err) {
    if (isUniqueViolation(err, 'shipments_requested_tracking_number_key'))
      throw conflict('trackingNumber is already used by another shipment', 'trackingNumber');
    throw err;
  }
  return awaitAnswer(pool, input.id, options.waitMs);
}

function notDispatchable(shipment: Shipment) {
  return shipment.status === 'CANCELLED'
    ? conflict('the order was cancelled; its shipment will not be dispatched', 'id')
    : conflict(`shipment is ${shipment.status}; only a PENDING shipment can be dispatched`, 'id');
}

/** Polls the shipment until orders' answer has moved it on, or `waitMs` passed. */
async function awaitAnswer(pool: Pool, id: string, waitMs: number): Promise<Shipment> {
  const deadline = Date.now() + waitMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const shipment = (await findShipment(pool, id))!;
    if (shipment.status === 'CANCELLED') throw notDispatchable(shipment);
    if (shipment.status !== 'PENDING' || Date.now() >= deadline) return shipment;
    await sleep(Math.min(pause, Math.max(deadline - Date.now(), 1)));
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
