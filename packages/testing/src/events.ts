// Event-side test helpers: deliver catalog events to a service's handlers the way its consumer
// does (one transaction per event), read what it published, and act as a given identity.
import { randomUUID } from 'node:crypto';
import { createEnvelope, type DataOf, type EventDefinition, type Handler } from '@shopgraph/events';
import {
  encodeIdentity,
  IDENTITY_HEADER,
  withTransaction,
  type Identity,
  type Pool,
} from '@shopgraph/platform';

export const as = (identity: Identity) => ({ [IDENTITY_HEADER]: encodeIdentity(identity) });
export const customer = (id: string): Identity => ({ role: 'customer', subject: id, customerId: id });
export const ADMIN: Identity = { role: 'admin', subject: 'ops' };
export const ANONYMOUS: Identity = { role: 'anonymous' };

/** Calls the handler of `def` in its own transaction, as the consumer does (minus the inbox row). */
export function deliverer(pool: Pool, handlers: readonly Handler[]) {
  return async <D extends EventDefinition>(def: D, subject: string, data: DataOf<D>) => {
    const handler = handlers.find((h) => h.def === def);
    if (!handler) throw new Error(`no handler for ${def.type}`);
    await withTransaction(pool, (tx) =>
      handler.fn(tx, createEnvelope({ producer: def.producer, type: def.type, subject, data })),
    );
  };
}

/** The events this service wrote for an order, in outbox order, as [name, data]. */
export async function published(pool: Pool, orderId: string): Promise<[string, Record<string, unknown>][]> {
  const { rows } = await pool.query<{ type: string; envelope: string }>(
    `SELECT type, envelope FROM outbox WHERE envelope::jsonb -> 'data' ->> 'orderId' = $1 ORDER BY seq`,
    [orderId],
  );
  return rows.map((r) => [
    r.type.replace(/^shopgraph\.\w+\.|\.v\d+$/g, ''),
    (JSON.parse(r.envelope) as { data: Record<string, unknown> }).data,
  ]);
}

export const newId = () => randomUUID();
