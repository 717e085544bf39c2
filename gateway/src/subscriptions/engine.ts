import {
  GraphQLError,
  buildSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { encodeIdentity, type Identity, type Logger } from '@shopgraph/platform';
import { apiSchemaSdl } from './api-schema.ts';
import type { EventFanOut, RoutedEvent } from './fan-out.ts';
import type { SubscriptionMetrics } from './metrics.ts';
import { prepareSubscription, type PreparedSubscription, type SubscribeRequest } from './operation.ts';
import type { SubscriptionsSchema } from './schema.ts';
import { PayloadStream, type Payload } from './stream.ts';

/** Runs a query through the gateway's normal federated path, as `identity`. */
export type RunQuery = (
  query: string,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  identity: Identity,
) => Promise<ExecutionResult>;

/** Who holds a transport connection (a WebSocket, or one SSE response) and what it may do. */
export interface Session {
  readonly transport: 'ws' | 'sse';
  readonly identity: Identity;
  /** When the access token expires (ms since the epoch); none for anonymous. */
  readonly expiresAt: number | undefined;
  /** Open subscriptions on this connection. */
  readonly streams: Set<PayloadStream>;
  /** Drops the connection (slow client): the transport closes it. */
  readonly drop: (reason: 'slow_client') => void;
}

export interface EngineOptions {
  readonly schema: SubscriptionsSchema;
  readonly fanOut: EventFanOut;
  readonly runQuery: RunQuery;
  /** Turns a client request (id and/or text) into the text to run, or throws a coded refusal. */
  readonly resolveDocument: (request: {
    id?: string | undefined;
    query?: string | undefined;
    variables?: unknown;
  }) => string;
  readonly maxTokens: number;
  readonly perConnection: number;
  readonly perProcess: number;
  readonly bufferPayloads: number;
  readonly metrics: SubscriptionMetrics;
  readonly logger: Logger;
}

/** An open subscription: its payloads, and the client's document (graphql-ws wants it back). */
export interface OpenedSubscription {
  readonly stream: PayloadStream;
  readonly document: DocumentNode;
  readonly operationName: string | undefined;
}

const coded = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });
/** Errors of the current-state query that mean "this subscriber may not see it": nothing is streamed. */
const REFUSING = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT']);
/** What a group's skipped execution yields: no member is left to receive it. */
const NOBODY: ExecutionResult = { data: null };
export const tokenExpired = (): ExecutionResult => ({
  errors: [coded('UNAUTHENTICATED', 'The access token expired: subscribe again with a fresh one.')],
});

/**
 * The transport-independent part: checks the limits and the document policy, prepares the
 * internal query, subscribes to the fan-out (before reading the current state, so no event is
 * missed in between), and sends the current state and then one payload per event, each
 * resolved through the federated graph with the subscriber's identity. Subscriptions that
 * would resolve an event identically (same field, subject, payload query, variables and
 * identity) form a group: one execution per event for the whole group, its result queued to
 * each member (each with its own order, bound and slow-client drop). A group keeps no past
 * result, only the chain of its executions in flight, and goes with its last member. The
 * current state stays one read per subscriber.
 */
export class SubscriptionEngine {
  readonly #opts: EngineOptions;
  #schema: GraphQLSchema | undefined;
  #open = 0;
  /** Open groups by key (groupKey): removed with their last member. */
  readonly #groups = new Map<string, Group>();

  constructor(opts: EngineOptions) {
    this.#opts = opts;
  }

  /** The API schema with Subscription, rebuilt on every supergraph (re)load. */
  setSupergraph(supergraphSdl: string): void {
    this.#schema = buildSchema(apiSchemaSdl(supergraphSdl, this.#opts.schema));
  }

  get schema(): GraphQLSchema | undefined {
    return this.#schema;
  }

  /** Opens a subscription for `session`: a stream of payloads, or the errors refusing it. */
  async subscribe(
    session: Session,
    request: Omit<SubscribeRequest, 'query'> & { query?: string | undefined; id?: string | undefined },
  ): Promise<OpenedSubscription | readonly GraphQLError[]> {
    const { metrics } = this.#opts;
    if (session.expiresAt !== undefined && session.expiresAt <= Date.now())
      return tokenExpired().errors as GraphQLError[];
    if (session.streams.size >= this.#opts.perConnection) {
      metrics.drops.inc({ reason: 'limit' });
      return [
        coded('TOO_MANY_SUBSCRIPTIONS', `At most ${this.#opts.perConnection} subscriptions per connection.`),
      ];
    }
    if (this.#open >= this.#opts.perProcess) {
      metrics.drops.inc({ reason: 'limit' });
      return [
        coded('TOO_MANY_SUBSCRIPTIONS', 'This gateway holds all the subscriptions it may: retry later.'),
      ];
    }
    if (this.#schema === undefined)
      return [coded('SERVICE_UNAVAILABLE', 'The supergraph is not loaded yet.')];
    let query: string;
    try {
      query = this.#opts.resolveDocument(request);
    } catch (err) {
      if (err instanceof GraphQLError) return [err];
      throw err;
    }
    const prepared = prepareSubscription(
      { ...request, query },
      this.#schema,
      this.#opts.schema.fields,
      this.#opts.maxTokens > 0 ? { maxTokens: this.#opts.maxTokens } : {},
    );
    if (!('field' in prepared)) return prepared;
    this.#open++;
    return this.#start(session, prepared);
  }

  async #start(
    session: Session,
    prepared: PreparedSubscription,
  ): Promise<OpenedSubscription | readonly GraphQLError[]> {
    const { metrics } = this.#opts;
    const field = prepared.field.name;
    const resolve = this.#resolver(prepared, session.identity);
    const key = groupKey(prepared, session.identity);
    let group: Group | undefined;
    const stream = new PayloadStream({
      bound: this.#opts.bufferPayloads,
      onOverflow: () => session.drop('slow_client'),
      onSent: (payload: Payload) => {
        metrics.payloads.inc({ field });
        if (payload.eventTime !== undefined)
          metrics.latency.observe({ field }, Math.max(0, (Date.now() - payload.eventTime) / 1000));
      },
      onClose: () => {
        if (group !== undefined) this.#leave(key, group, stream);
        session.streams.delete(stream);
        this.#open--;
        metrics.subscriptions.dec({ field });
      },
    });
    session.streams.add(stream);
    metrics.subscriptions.inc({ field });
    // The current state goes first: event payloads queue behind it, in event order.
    let first!: (result: ExecutionResult) => void;
    const currentState = new Promise<ExecutionResult>((r) => (first = r));
    stream.enqueue(async () => ({ result: await currentState }));
    try {
      // Listening before reading the current state: no event after this point is missed.
      group = this.#join(key, prepared, resolve, stream);
      await group.ready;
    } catch (err) {
      this.#opts.logger.warn({ err }, 'subscription consumer failed to start');
      await stream.return();
      return [coded('SERVICE_UNAVAILABLE', 'Subscriptions are unavailable right now: retry later.')];
    }
    const current = await resolve();
    const refused = current.errors?.some((e) => REFUSING.has(String(e.extensions?.['code'])));
    const dataKey = Object.keys(current.data ?? {})[0];
    if (refused || dataKey === undefined || current.data?.[dataKey] == null) {
      await stream.return();
      metrics.drops.inc({ reason: 'refused' });
      if (current.errors !== undefined && current.errors.length > 0) return current.errors as GraphQLError[];
      return [coded('NOT_FOUND', `${field}: nothing has the ${prepared.field.argument} given.`)];
    }
    first(current);
    return { stream, document: prepared.document, operationName: prepared.operationName };
  }

  /** The federated execution of the payload query as `identity`, its data under the client's key. */
  #resolver(prepared: PreparedSubscription, identity: Identity): () => Promise<ExecutionResult> {
    const { keys } = prepared;
    return async () => {
      const r = await this.#opts.runQuery(
        prepared.internalQuery,
        prepared.variables,
        prepared.operationName,
        identity,
      );
      if (r.data == null || keys.query === keys.subscription) return r;
      const { [keys.query]: value, ...rest } = r.data;
      return { ...r, data: { ...rest, [keys.subscription]: value } };
    };
  }

  /**
   * Adds `stream` to the group of subscriptions that would resolve each event identically (the
   * first member creates it and its fan-out listener); `ready` settles once events reach it.
   */
  #join(
    key: string,
    prepared: PreparedSubscription,
    resolve: () => Promise<ExecutionResult>,
    stream: PayloadStream,
  ): Group {
    let group = this.#groups.get(key);
    if (group === undefined) {
      const created: Group = {
        field: prepared.field.name,
        resolve,
        members: new Set(),
        tail: Promise.resolve(),
        remove: undefined,
        ready: Promise.resolve(),
      };
      this.#groups.set(key, created);
      created.ready = this.#opts.fanOut
        .listen(created.field, prepared.subject, (event) => this.#dispatch(created, event))
        .then(
          (remove) => {
            if (this.#groups.get(key) === created) created.remove = remove;
            else remove(); // its last member left while the consumer was starting
          },
          (err: unknown) => {
            if (this.#groups.get(key) === created) this.#groups.delete(key);
            throw err;
          },
        );
      group = created;
    }
    group.members.add(stream);
    return group;
  }

  #leave(key: string, group: Group, stream: PayloadStream): void {
    group.members.delete(stream);
    if (group.members.size > 0 || this.#groups.get(key) !== group) return;
    this.#groups.delete(key);
    group.remove?.();
  }

  /**
   * One event for a group: one execution (after the group's previous one, so executions keep
   * event order), its result queued to every member in that member's own order and bound.
   */
  #dispatch(group: Group, event: RoutedEvent): void {
    const members = [...group.members];
    if (members.length === 0) return;
    const result = group.tail.then(() => {
      if (group.members.size === 0) return NOBODY; // every member left meanwhile: not executed
      this.#opts.metrics.executions.inc({ field: group.field });
      return group.resolve();
    });
    group.tail = result.then(
      () => undefined,
      () => undefined,
    );
    for (const stream of members)
      stream.enqueue(async () => ({ result: await result, eventTime: event.time }));
  }
}

/** Subscriptions sharing one execution per event: same field, subject, payload query, variables, identity. */
interface Group {
  readonly field: string;
  readonly resolve: () => Promise<ExecutionResult>;
  readonly members: Set<PayloadStream>;
  /** The group's latest execution (settled): the next one starts after it. */
  tail: Promise<void>;
  remove: (() => void) | undefined;
  ready: Promise<void>;
}

/** JSON with object keys sorted, so equal variables give equal text whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

function groupKey(prepared: PreparedSubscription, identity: Identity): string {
  return JSON.stringify([
    prepared.field.name,
    prepared.subject,
    prepared.operationName ?? null,
    prepared.internalQuery,
    prepared.keys.subscription,
    canonicalJson(prepared.variables),
    encodeIdentity(identity),
  ]);
}
