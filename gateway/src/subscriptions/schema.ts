import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalog, type EventDefinition } from '@shopgraph/events';
import {
  Kind,
  parse,
  print,
  valueFromASTUntyped,
  visit,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
} from 'graphql';

/** The events-only Subscription schema kept beside the supergraph. */
export const SUBSCRIPTIONS_SDL_PATH = fileURLToPath(
  new URL('../../../supergraph/subscriptions.graphql', import.meta.url),
);

/** One topic's events that trigger payloads of a field. */
export interface Trigger {
  /** Plain topic name (without KAFKA_NAMESPACE). */
  readonly topic: string;
  /** CloudEvents types (every catalog version of each named event). */
  readonly types: ReadonlySet<string>;
  /** The data field whose value routes the event (equals the subscription's argument). */
  readonly subject: string;
}

/** A Subscription field: how its payloads are resolved and what triggers them. */
export interface SubscriptionField {
  readonly name: string;
  /** Its one argument, passed on to `query` under the same name. */
  readonly argument: string;
  /** The Query field that resolves a payload. */
  readonly query: string;
  readonly triggers: readonly Trigger[];
}

export interface SubscriptionsSchema {
  readonly fields: ReadonlyMap<string, SubscriptionField>;
  /** `type Subscription { ... }` as clients see it: no directives of ours. */
  readonly clientSdl: string;
}

const OUR_DIRECTIVES = new Set(['fromEvents', 'resolveWith']);

function argValue(node: FieldDefinitionNode, directive: string, arg: string): unknown {
  const d = node.directives?.find((x) => x.name.value === directive);
  const a = d?.arguments?.find((x) => x.name.value === arg);
  return a === undefined ? undefined : valueFromASTUntyped(a.value);
}

function triggersOf(field: FieldDefinitionNode, events: readonly EventDefinition[]): Trigger[] {
  const where = `Subscription.${field.name.value}`;
  return (field.directives ?? [])
    .filter((d) => d.name.value === 'fromEvents')
    .map((d) => {
      const args = Object.fromEntries(
        (d.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]),
      ) as { topic?: unknown; types?: unknown; subject?: unknown };
      const { topic, types, subject } = args;
      if (typeof topic !== 'string' || typeof subject !== 'string' || !Array.isArray(types))
        throw new Error(`${where}: @fromEvents needs topic, types and subject`);
      const cloudTypes = new Set<string>();
      for (const name of types as unknown[]) {
        const defs = events.filter((e) => e.topic === topic && e.name === name);
        if (defs.length === 0) throw new Error(`${where}: no event ${String(name)} on ${topic}`);
        for (const def of defs) {
          const props = (def.schema as { properties?: Record<string, unknown> }).properties ?? {};
          if (!(subject in props)) throw new Error(`${where}: ${def.type} has no data field ${subject}`);
          cloudTypes.add(def.type);
        }
      }
      return { topic, types: cloudTypes, subject };
    });
}

/**
 * Reads the events-only Subscription schema: every field has one argument, a @resolveWith
 * Query field and at least one @fromEvents, each naming events the catalog has (with the
 * subject field in their data). Anything else fails the gateway's start.
 */
export function parseSubscriptionsSchema(
  sdl: string,
  events: readonly EventDefinition[] = catalog,
): SubscriptionsSchema {
  const doc = parse(sdl);
  const type = doc.definitions.find(
    (d): d is ObjectTypeDefinitionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Subscription',
  );
  if (type === undefined) throw new Error('subscriptions schema: no type Subscription');
  const fields = new Map<string, SubscriptionField>();
  for (const field of type.fields ?? []) {
    const name = field.name.value;
    const query = argValue(field, 'resolveWith', 'query');
    const argument = field.arguments?.length === 1 ? field.arguments[0]!.name.value : undefined;
    if (typeof query !== 'string') throw new Error(`Subscription.${name}: no @resolveWith(query:)`);
    if (argument === undefined) throw new Error(`Subscription.${name}: expected exactly one argument`);
    const triggers = triggersOf(field, events);
    if (triggers.length === 0) throw new Error(`Subscription.${name}: no @fromEvents`);
    fields.set(name, { name, argument, query, triggers });
  }
  const clientType = visit(type, {
    Directive: (node) => (OUR_DIRECTIVES.has(node.name.value) ? null : undefined),
  });
  return { fields, clientSdl: print(clientType) };
}

/** The subscriptions schema from its file (default: the repo's supergraph/subscriptions.graphql). */
export function loadSubscriptionsSchema(path = SUBSCRIPTIONS_SDL_PATH): SubscriptionsSchema {
  return parseSubscriptionsSchema(readFileSync(path, 'utf8'));
}

/**
 * Which schema file the gateway uses: the configured one, or subscriptions.graphql beside the
 * supergraph file (as a chart would mount both), or the repo's; null when there is none.
 */
export function subscriptionsSchemaFile(configured: string, supergraphPath: string): string | null {
  if (configured) return configured;
  const beside = join(dirname(supergraphPath), 'subscriptions.graphql');
  return [beside, SUBSCRIPTIONS_SDL_PATH].find((p) => existsSync(p)) ?? null;
}

/** The API schema SDL (no Subscription of its own) with the Subscription type added. */
export function withSubscriptions(apiSdl: string, subscriptions: SubscriptionsSchema): string {
  // printSchema writes a schema block only for root types not named Query/Mutation/Subscription.
  const hasSchemaBlock = parse(apiSdl).definitions.some((d) => d.kind === Kind.SCHEMA_DEFINITION);
  const root = hasSchemaBlock ? '\nextend schema {\n  subscription: Subscription\n}\n' : '';
  return `${apiSdl.trimEnd()}\n\n${subscriptions.clientSdl}\n${root}`;
}
