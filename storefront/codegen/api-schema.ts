// The supergraph's API schema: what clients of the gateway see (no join__/link__ machinery,
// no @inaccessible parts). Typed operations are generated against it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Supergraph } from '@apollo/federation-internals';
import type * as GraphQL from 'graphql';

// federation-internals is CommonJS: print with the same (CommonJS) graphql-js instance, since
// graphql-js refuses types from its ESM twin (as under vitest).
const { printSchema } = createRequire(import.meta.url)('graphql') as typeof GraphQL;

/** The API schema of the composed supergraph at `supergraphPath`, as SDL. */
export function apiSchemaSdl(supergraphPath: string): string {
  const supergraph = Supergraph.build(readFileSync(supergraphPath, 'utf8'));
  return `${printSchema(supergraph.apiSchema().toGraphQLJSSchema())}\n`;
}
