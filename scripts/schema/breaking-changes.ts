import { printSchema, Supergraph } from '@apollo/federation-internals';
import { buildSchema, findBreakingChanges, findDangerousChanges, type GraphQLSchema } from 'graphql';
import YAML from 'yaml';

/** One change between two API schemas, as graphql-js names it; `id` is what accepted-changes.yaml lists. */
export interface SchemaChange {
  readonly type: string;
  readonly description: string;
  /** `<TYPE>: <description>`, e.g. `FIELD_REMOVED: Product.price was removed.` */
  readonly id: string;
}

export interface AcceptedChange {
  /** A SchemaChange id, exactly as `make schema-check` prints it. */
  readonly change: string;
  /** Why clients may break (who was told, what replaces it). */
  readonly reason: string;
}

export interface CheckResult {
  /** Every breaking change, with the reason it was accepted when it was. */
  readonly breaking: readonly (SchemaChange & { readonly acceptedBecause?: string })[];
  /** Breaking changes no entry accepts: the check fails when there is one. */
  readonly unaccepted: readonly SchemaChange[];
  /** Changes that may surprise clients (e.g. an optional argument added) but do not break them. */
  readonly dangerous: readonly SchemaChange[];
}

/** The schema clients see: the supergraph without its join/link machinery or @inaccessible parts. */
export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  // Through SDL text: federation-internals loads graphql's CommonJS build, this file its ESM
  // build, and graphql-js refuses to mix objects of the two.
  return buildSchema(printSchema(Supergraph.build(supergraphSdl).apiSchema()));
}

const toChange = (c: { type: string; description: string }): SchemaChange => ({
  type: c.type,
  description: c.description,
  id: `${c.type}: ${c.description}`,
});

/** Removed types and fields, changed field types, new required arguments, removed enum values, ... */
export function breakingChanges(before: GraphQLSchema, after: GraphQLSchema): SchemaChange[] {
  return findBreakingChanges(before, after).map(toChange);
}

/** Reads accepted-changes.yaml (`accepted: [{ change, reason }]`); an entry without a reason is an error. */
export function parseAcceptedChanges(text: string): AcceptedChange[] {
  const doc = (YAML.parse(text) ?? {}) as { accepted?: unknown };
  const list = doc.accepted ?? [];
  if (!Array.isArray(list)) throw new Error('accepted-changes.yaml: `accepted` must be a list');
  return list.map((entry: unknown, i) => {
    const e = (entry ?? {}) as { change?: unknown; reason?: unknown };
    if (typeof e.change !== 'string' || e.change.trim() === '')
      throw new Error(`accepted-changes.yaml: entry ${i + 1} has no change`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '') {
      throw new Error(`accepted-changes.yaml: "${e.change}" has no reason; say why clients may break`);
    }
    return { change: e.change.trim(), reason: e.reason.trim() };
  });
}

/** Compares two API schemas; a breaking change passes only when an accepted entry names it. */
export function checkSchemas(
  before: GraphQLSchema,
  after: GraphQLSchema,
  accepted: readonly AcceptedChange[],
): CheckResult {
  const reasons = new Map(accepted.map((a) => [a.change, a.reason]));
  const breaking = breakingChanges(before, after).map((c) => {
    const reason = reasons.get(c.id);
    return reason === undefined ? c : { ...c, acceptedBecause: reason };
  });
  return {
    breaking,
    unaccepted: breaking.filter((c) => !('acceptedBecause' in c)),
    dangerous: findDangerousChanges(before, after).map(toChange),
  };
}
