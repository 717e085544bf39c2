import { readFile } from 'node:fs/promises';
import { getOperationAST, parse } from 'graphql';

/** One document a client build shipped with, under the id the client sends. */
export interface TrustedDocument {
  readonly id: string;
  readonly body: string;
  /** The operation's name, used as its metrics label. */
  readonly name: string;
}

/** The documents of every manifest, by id and by text. */
export interface Manifest {
  readonly byId: ReadonlyMap<string, TrustedDocument>;
  readonly byBody: ReadonlyMap<string, TrustedDocument>;
}

export const EMPTY_MANIFEST: Manifest = { byId: new Map(), byBody: new Map() };

interface ApolloManifest {
  format: 'apollo-persisted-query-manifest';
  version: number;
  operations: { id: string; body: string; name?: string }[];
}

const isApollo = (v: unknown): v is ApolloManifest =>
  typeof v === 'object' &&
  v !== null &&
  (v as { format?: unknown }).format === 'apollo-persisted-query-manifest';

function nameOf(body: string, file: string, id: string): string {
  try {
    return getOperationAST(parse(body))?.name?.value ?? 'anonymous';
  } catch (err) {
    throw new Error(`${file}: document ${id} is not GraphQL: ${(err as Error).message}`, { cause: err });
  }
}

/** Entries of one manifest file: Apollo's `apollo-persisted-query-manifest` or The Guild's `{ "<hash>": "<body>" }`. */
function entriesOf(json: unknown, file: string): TrustedDocument[] {
  if (isApollo(json)) {
    if (json.version !== 1 || !Array.isArray(json.operations))
      throw new Error(`${file}: expected apollo-persisted-query-manifest version 1 with "operations"`);
    return json.operations.map((op) => {
      if (typeof op.id !== 'string' || typeof op.body !== 'string')
        throw new Error(`${file}: every operation needs a string "id" and "body"`);
      return { id: op.id, body: op.body, name: op.name ?? nameOf(op.body, file, op.id) };
    });
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`${file}: expected an apollo-persisted-query-manifest or a { "<id>": "<document>" } map`);
  return Object.entries(json).map(([id, body]) => {
    if (typeof body !== 'string') throw new Error(`${file}: the value of "${id}" is not a string`);
    return { id, body, name: nameOf(body, file, id) };
  });
}

/** Reads and merges manifest files; throws naming the file on any problem. */
export async function loadManifest(files: readonly string[]): Promise<Manifest> {
  const byId = new Map<string, TrustedDocument>();
  const byBody = new Map<string, TrustedDocument>();
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`, { cause: err });
    }
    for (const doc of entriesOf(json, file)) {
      byId.set(doc.id, doc);
      byBody.set(doc.body, doc);
    }
  }
  return { byId, byBody };
}
