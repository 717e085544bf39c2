// The API schema clients of the gateway see: the composed supergraph's (no join__/link__
// machinery, no @inaccessible parts) plus the Subscription root the gateway serves itself from
// Kafka events (supergraph/subscriptions.graphql, without its directives). `make compose` writes
// it to supergraph/api-schema.graphql (gateway/src/subscriptions/api-schema.ts); typed
// operations are generated against that one file, so the storefront and the gateway agree.
import { readFileSync } from 'node:fs';

/** The API schema at `apiSchemaPath` (supergraph/api-schema.graphql), as SDL, without its comment header. */
export function apiSchemaSdl(apiSchemaPath: string): string {
  const sdl = readFileSync(apiSchemaPath, 'utf8').replace(/^(#[^\n]*\n)+/, '');
  return `${sdl.trimEnd()}\n`;
}
