// The API schema clients see: the composed supergraph's (no join__/link__ machinery, no
// @inaccessible parts) plus the Subscription type the gateway serves itself (schema.ts).
// `make compose` writes it to supergraph/api-schema.graphql; the storefront's codegen reads it.
import { createRequire } from 'node:module';
import { Supergraph } from '@apollo/federation-internals';
import type * as GraphQL from 'graphql';
import { loadSubscriptionsSchema, withSubscriptions, type SubscriptionsSchema } from './schema.ts';

// federation-internals is CommonJS: print with the same (CommonJS) graphql-js instance.
const { printSchema } = createRequire(import.meta.url)('graphql') as typeof GraphQL;

/** The API schema of a composed supergraph, Subscription included, as SDL. */
export function apiSchemaSdl(
  supergraphSdl: string,
  subscriptions: SubscriptionsSchema = loadSubscriptionsSchema(),
): string {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return withSubscriptions(printSchema(api), subscriptions);
}
