// The gateway's persisted-document manifest (Apollo's format) from the storefront's operations.
// Each body is exactly what the storefront's urql client sends (its document cache adds
// __typename, then urql prints), so the id, sha256 of the body, is the hash the client sends.
import { createHash } from 'node:crypto';
import { formatDocument, stringifyDocument, type TypedDocumentNode } from '@urql/core';
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';

export interface ManifestOperation {
  readonly id: string;
  readonly name: string;
  readonly type: 'query' | 'mutation' | 'subscription';
  readonly body: string;
}

export interface PersistedManifest {
  readonly format: 'apollo-persisted-query-manifest';
  readonly version: 1;
  readonly operations: readonly ManifestOperation[];
}

/** sha256 (hex) of the exact body the client sends. */
export const documentId = (body: string): string => createHash('sha256').update(body).digest('hex');

/** The wire body of one operation document, as the storefront's client prints it. */
export function wireBody(document: DocumentNode): string {
  // graphql-js and urql's graphql.web describe the same AST with slightly different types.
  const formatted: unknown = formatDocument(document as unknown as TypedDocumentNode);
  return stringifyDocument(formatted as TypedDocumentNode);
}

/** Every named operation in `sources` (GraphQL documents without fragments), sorted by name. */
export function persistedManifest(sources: readonly string[]): PersistedManifest {
  const operations = sources
    .flatMap((source) => parse(source, { noLocation: true }).definitions)
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
    .map((op) => {
      if (!op.name) throw new Error('every storefront operation needs a name');
      const body = wireBody({ kind: Kind.DOCUMENT, definitions: [op] });
      return { id: documentId(body), name: op.name.value, type: op.operation, body };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}
