import type { Static, TSchema } from '@sinclair/typebox';
import type { EventEnvelope } from './envelope.ts';
import { lazyValidator } from './validation.ts';

/** `shopgraph.<producer>.<Name>.v<N>`: the CloudEvents `type` of one event version. */
export type EventType<P extends string, N extends string, V extends number> = `shopgraph.${P}.${N}.v${V}`;

/** How an older version's data becomes this version's (STYLE.md 6: a breaking change is v2 plus an upcaster). */
export interface Upcaster<S extends TSchema = TSchema> {
  /** The previous version's definition. */
  readonly from: EventDefinition;
  /** Pure function from the previous version's data (already validated) to this version's. */
  readonly upcast: (data: never, envelope: EventEnvelope<unknown>) => Static<S>;
}

export interface EventDefinition<
  S extends TSchema = TSchema,
  P extends string = string,
  N extends string = string,
  V extends number = number,
> {
  readonly producer: P;
  readonly name: N;
  readonly version: V;
  /** CloudEvents type, e.g. `shopgraph.brands.BrandRegistered.v1`. */
  readonly type: EventType<P, N, V>;
  /** `shopgraph.<producer>.events`: one topic per producing service. */
  readonly topic: string;
  /** The TypeBox schema of `data`: it is the JSON Schema; `Static<>` of it is the TS type. */
  readonly schema: S;
  /** Throws EventValidationError naming the event and the failing fields. */
  readonly validate: (data: unknown) => asserts data is Static<S>;
  readonly upcaster?: Upcaster<S>;
}

export interface DefineEventInput<S extends TSchema, P extends string, N extends string, V extends number> {
  /** The service that publishes it (its topic is `shopgraph.<producer>.events`). */
  readonly producer: P;
  /** PascalCase, past tense: `BrandRegistered`. */
  readonly name: N;
  /** Starts at 1; a change that is not backward compatible is a new version. */
  readonly version: V;
  readonly data: S;
  /** For version > 1: how the previous version's data becomes this one's. */
  readonly upcast?: {
    readonly from: EventDefinition;
    readonly upcast: (data: never, envelope: EventEnvelope<unknown>) => Static<S>;
  };
}

export const topicOf = (producer: string) => `shopgraph.${producer}.events`;
export const dlqTopicOf = (service: string) => `shopgraph.${service}.dlq`;
/** Where `redrive` re-publishes a service's dead letters; only that service's consumer reads it. */
export const redriveTopicOf = (service: string) => `shopgraph.${service}.redrive`;

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const PRODUCER = /^[a-z][a-z0-9-]*$/;

/** One event version: schema, type and validator from a single TypeBox definition. */
export function defineEvent<
  S extends TSchema,
  const P extends string,
  const N extends string,
  const V extends number,
>(input: DefineEventInput<S, P, N, V>): EventDefinition<S, P, N, V> {
  if (!PRODUCER.test(input.producer))
    throw new Error(`event producer "${input.producer}" must be a lowercase service name`);
  if (!PASCAL.test(input.name)) throw new Error(`event name "${input.name}" must be PascalCase`);
  if (!Number.isInteger(input.version) || input.version < 1)
    throw new Error(`${input.name}: version must be an integer >= 1`);
  if (input.upcast && input.upcast.from.name !== input.name) {
    throw new Error(
      `${input.name}.v${input.version}: upcaster must come from another version of the same event`,
    );
  }
  const type = `shopgraph.${input.producer}.${input.name}.v${input.version}` as EventType<P, N, V>;
  const validate = lazyValidator(type, input.data) as (data: unknown) => asserts data is Static<S>;
  return {
    producer: input.producer,
    name: input.name,
    version: input.version,
    type,
    topic: topicOf(input.producer),
    schema: input.data,
    validate,
    ...(input.upcast ? { upcaster: input.upcast } : {}),
  };
}

/** The data type of an event definition. */
export type DataOf<D> = D extends EventDefinition<infer S> ? Static<S> : never;
/** The full envelope type a handler receives for an event definition. */
export type EventOf<D> = EventEnvelope<DataOf<D>>;
