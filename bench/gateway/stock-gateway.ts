// Stock @apollo/gateway + @apollo/server as their docs start it (startStandaloneServer), the
// baseline of `make bench-gateway`. Run with NODE_ENV=production. Env: SUPERGRAPH_PATH, PORT.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

process.env['APOLLO_TELEMETRY_DISABLED'] = 'true';
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(process.env['SUPERGRAPH_PATH']!, 'utf8') });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: Number(process.env['PORT'] ?? 4000), host: '127.0.0.1' },
});
process.stdout.write(`stock gateway ready at ${url}\n`);
