import type { PoolClient } from '@shopgraph/platform';
import type { EventDefinition, EventOf } from './define-event.ts';
import type { EventEnvelope } from './envelope.ts';

/** Applies one event's effects inside the consumer's transaction (with the inbox row). */
export type HandlerFn<E> = (tx: PoolClient, event: E) => Promise<void>;

export interface Handler {
  readonly def: EventDefinition;
  readonly fn: HandlerFn<EventEnvelope<unknown>>;
}

/** Binds a handler to one event version; older versions reach it through their upcasters. */
export function handle<D extends EventDefinition>(def: D, fn: HandlerFn<EventOf<D>>): Handler {
  return { def, fn: fn as HandlerFn<EventEnvelope<unknown>> };
}

/** How a received `type` reaches a handler: validate as `accepts`, then upcast along `chain`. */
export interface Route {
  readonly accepts: EventDefinition;
  readonly chain: readonly EventDefinition[];
  readonly handler: Handler;
}

/**
 * Every type this consumer understands. A handler for v2 also takes v1 (and older) messages
 * through the upcasters; an explicit handler for an older version wins over the upcast route.
 */
export function routes(handlers: readonly Handler[]): Map<string, Route> {
  const map = new Map<string, Route>();
  for (const handler of handlers) {
    if (map.get(handler.def.type)?.chain.length === 0)
      throw new Error(`two handlers for ${handler.def.type}`);
    map.set(handler.def.type, { accepts: handler.def, chain: [], handler });
  }
  for (const handler of handlers) {
    const chain: EventDefinition[] = [];
    for (let def = handler.def; def.upcaster; def = def.upcaster.from) {
      chain.unshift(def);
      const older = def.upcaster.from;
      if (!map.has(older.type)) map.set(older.type, { accepts: older, chain: [...chain], handler });
    }
  }
  return map;
}

/** Validates `event` as its own version and upcasts it to the handler's version. */
export function toHandlerEvent(route: Route, event: EventEnvelope<unknown>): EventEnvelope<unknown> {
  route.accepts.validate(event.data);
  let current = event;
  for (const def of route.chain) {
    const data = def.upcaster!.upcast(current.data as never, current);
    def.validate(data);
    current = { ...current, type: def.type, data };
  }
  return current;
}
