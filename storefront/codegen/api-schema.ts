// The API schema clients of the gateway see: the composed supergraph's (no join__/link__
// machinery, no @inaccessible parts) plus the gateway's own Subscription root, declared beside
// it in supergraph/subscriptions.graphql (served by the gateway from Kafka events, #14). Typed
// operations are generated against it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Supergraph } from '@apollo/federation-internals';
import type * as GraphQL from 'graphql';

// federation-internals is CommonJS: print with the same (CommonJS) graphql-js instance, since
// graphql-js refuses types from its ESM twin (as under vitest).
const { buildSchema, parse, print, printSchema, Kind } = createRequire(import.meta.url)(
  'graphql',
) as typeof GraphQL;

/**
 * The `Subscription` fields of an events-only schema, as plain SDL: the gateway's own
 * directives (which topic and events trigger a field) and the entity key stubs stay out, since
 * clients see neither.
 */
export function subscriptionSdl(source: string): string {
  const fields = parse(source, { noLocation: true })
    .definitions.filter(
      (d): d is GraphQL.ObjectTypeDefinitionNode | GraphQL.ObjectTypeExtensionNode =>
        (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) &&
        d.name.value === 'Subscription',
    )
    .flatMap((d) => d.fields ?? [])
    .map((f) => ({
      ...f,
      directives: [],
      arguments: (f.arguments ?? []).map((a) => ({ ...a, directives: [] })),
    }));
  if (fields.length === 0) return '';
  const type: GraphQL.ObjectTypeDefinitionNode = {
    kind: Kind.OBJECT_TYPE_DEFINITION,
    name: { kind: Kind.NAME, value: 'Subscription' },
    interfaces: [],
    directives: [],
    fields,
  };
  return print(type);
}

/** The API schema of the composed supergraph at `supergraphPath`, as SDL. */
export function apiSchemaSdl(supergraphPath: string, subscriptionsPath?: string): string {
  const supergraph = Supergraph.build(readFileSync(supergraphPath, 'utf8'));
  const api = supergraph.apiSchema().toGraphQLJSSchema();
  const extra =
    subscriptionsPath && existsSync(subscriptionsPath) && !api.getSubscriptionType()
      ? subscriptionSdl(readFileSync(subscriptionsPath, 'utf8'))
      : '';
  const schema = extra ? buildSchema(`${printSchema(api)}\n${extra}`) : api;
  return `${printSchema(schema)}\n`;
}
