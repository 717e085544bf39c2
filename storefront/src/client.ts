// The GraphQL client: urql (document cache; ~10 kB gzip, vs ~40 kB for Apollo Client; the
// storefront needs no normalized cache). Operations go out as persisted documents: the id from
// storefront/persisted-documents.json first, the full body only when the gateway asks for it.
import { persistedExchange } from '@urql/exchange-persisted';
import {
  Client,
  cacheExchange,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
  type ExecutionResult,
} from 'urql';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { problemOf } from './errors.ts';
import { persistedIds } from './gql/persisted-ids.ts';
import { liveClient } from './live.ts';
import { session } from './session.ts';

function operationName(document: DocumentNode): string {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return op?.name?.value ?? '';
}

const JSON_ONLY = 'application/graphql-response+json, application/graphql+json, application/json';

export function createClient(url = '/graphql'): Client {
  return new Client({
    url,
    requestPolicy: 'cache-and-network',
    fetchOptions: () => {
      const token = session.token();
      // JSON answers only: urql also offers text/event-stream and multipart/mixed by default,
      // and the gateway answers a request that accepts text/event-stream as GraphQL over SSE
      // (subscriptions). Subscriptions go over the WebSocket below instead.
      const headers: Record<string, string> = { accept: JSON_ONLY };
      if (token) headers['authorization'] = `Bearer ${token}`;
      return { headers };
    },
    exchanges: [
      mapExchange({
        onError(error, operation) {
          // A rejected token sends the shopper back to the login page (app.tsx); a failed login
          // is just a wrong password.
          if (problemOf(error) === 'expired' && operationName(operation.query) !== 'Login') session.expire();
        },
      }),
      cacheExchange,
      persistedExchange({
        enableForMutation: true,
        // POST: Apollo's CSRF prevention refuses a GET without a preflight-forcing header.
        preferGetForPersistedQueries: false,
        generateHash: async (_query, document) => {
          const id = persistedIds[operationName(document)];
          if (!id)
            throw new Error(`operation ${operationName(document)} is not in the manifest: make codegen`);
          return id;
        },
      }),
      fetchExchange,
      // Subscriptions (the order page's orderUpdated) over the WebSocket, with their full body:
      // the gateway's persisted-document manifest lists them too.
      subscriptionExchange({
        forwardSubscription: (request) => {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe: (sink) => ({
              unsubscribe: liveClient().subscribe(input, {
                // graphql-ws's result leaves `data` optional where urql's has it null.
                next: (result) => sink.next({ ...result, data: result.data ?? null } as ExecutionResult),
                error: (err) => sink.error(err),
                complete: () => sink.complete(),
              }),
            }),
          };
        },
      }),
    ],
  });
}
