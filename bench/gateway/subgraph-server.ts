// A subgraph served from memory over HTTP, as cheap as a JavaScript subgraph gets, so that a
// gateway in front of it is the bottleneck: parsed and validated documents are kept per
// query text (bounded), resolvers read constant data. Used by `make bench-gateway` and by
// gateway/tests/equivalence.test.ts. Listens on 127.0.0.1, port 0 unless told otherwise.
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type * as GraphQL from 'graphql';
import type { DocumentNode, GraphQLSchema } from 'graphql';

// @apollo/subgraph is CommonJS and builds its schema with graphql's CommonJS build; executing
// it with the ESM build fails graphql's instanceof checks ("from another module or realm").
const { execute, parse, validate } = createRequire(import.meta.url)('graphql') as typeof GraphQL;

export interface ServedSubgraph {
  readonly url: string;
  /** Requests answered so far (the bench reports subgraph calls per gateway request). */
  readonly requests: () => number;
  close(): Promise<void>;
}

const MAX_DOCUMENTS = 1_000;

export async function serveSubgraph(schema: GraphQLSchema, port = 0): Promise<ServedSubgraph> {
  const documents = new Map<string, DocumentNode | readonly Error[]>();
  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests++;
      void answer(Buffer.concat(chunks).toString('utf8')).then((body) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
  });

  async function answer(raw: string): Promise<string> {
    let request: { query?: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      request = JSON.parse(raw) as typeof request;
    } catch {
      return JSON.stringify({ errors: [{ message: 'body is not JSON' }] });
    }
    const query = request.query ?? '';
    let document = documents.get(query);
    if (document === undefined) {
      try {
        const parsed = parse(query);
        const errors = validate(schema, parsed);
        document = errors.length > 0 ? errors : parsed;
      } catch (err) {
        document = [err as Error];
      }
      if (documents.size >= MAX_DOCUMENTS) documents.clear();
      documents.set(query, document);
    }
    if (Array.isArray(document))
      return JSON.stringify({ errors: document.map((e) => ({ message: e.message })) });
    const result = await execute({
      schema,
      document: document as DocumentNode,
      variableValues: request.variables ?? null,
      operationName: request.operationName ?? null,
    });
    return JSON.stringify(result);
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  server.keepAliveTimeout = 65_000;
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
