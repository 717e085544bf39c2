export * from './infra.ts';
export * from './database.ts';
export * from './graphql-client.ts';
export * from './service.ts';
export * from './tcp-proxy.ts';
export * from './stack.ts';
export * from './events.ts';
export * from './query-counter.ts';
