// The subscription contract and its pieces without anything running: the events-only schema
// against the event catalog, the subscription -> payload query rewrite, the bounded stream.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '@shopgraph/testing';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaSdl } from '../src/subscriptions/api-schema.ts';
import { prepareSubscription } from '../src/subscriptions/operation.ts';
import { loadSubscriptionsSchema, parseSubscriptionsSchema } from '../src/subscriptions/schema.ts';
import { PayloadStream } from '../src/subscriptions/stream.ts';

const subscriptions = loadSubscriptionsSchema();
const supergraph = readFileSync(path.join(ROOT, 'supergraph/supergraph.graphql'), 'utf8');
const schema = buildSchema(apiSchemaSdl(supergraph, subscriptions));
const prepare = (query: string, variables = {}) =>
  prepareSubscription({ query, variables }, schema, subscriptions.fields, { maxTokens: 2000 });
const codes = (r: ReturnType<typeof prepare>) => ('field' in r ? [] : r.map((e) => e.extensions['code']));

describe('When supergraph/subscriptions.graphql is read', () => {
  it('then each field names its Query field and the CloudEvents types of the catalog that trigger it', () => {
    const order = subscriptions.fields.get('orderUpdated')!;
    expect(order).toMatchObject({ argument: 'id', query: 'order' });
    expect(order.triggers.map((t) => t.topic)).toEqual([
      'shopgraph.orders.events',
      'shopgraph.payments.events',
      'shopgraph.fulfillment.events',
    ]);
    expect([...order.triggers[0]!.types]).toContain('shopgraph.orders.OrderConfirmed.v1');
    expect(subscriptions.fields.get('stockChanged')).toMatchObject({
      argument: 'productId',
      query: 'stockLevel',
    });
  });

  it('then the API schema clients see has the Subscription type without our directives', () => {
    const sdl = apiSchemaSdl(supergraph, subscriptions);
    expect(sdl).toContain('orderUpdated(id: ID!): Order!');
    expect(sdl).toContain('stockChanged(productId: ID!): StockLevel!');
    expect(sdl).not.toContain('@fromEvents');
    expect(readFileSync(path.join(ROOT, 'supergraph/api-schema.graphql'), 'utf8')).toContain(
      'stockChanged(productId: ID!): StockLevel!',
    );
  });

  it('then an event the catalog lacks, or one without the subject field, stops the start', () => {
    const sdl = (types: string, subject = 'orderId') => `type Subscription {
      orderUpdated(id: ID!): Order! @resolveWith(query: "order")
        @fromEvents(topic: "shopgraph.orders.events", types: [${types}], subject: "${subject}") }`;
    expect(() => parseSubscriptionsSchema(sdl('"OrderTeleported"'))).toThrow(/no event OrderTeleported/);
    expect(() => parseSubscriptionsSchema(sdl('"OrderPlaced"', 'paymentId'))).toThrow(
      /no data field paymentId/,
    );
  });
});

describe('When a subscription document is prepared', () => {
  it('then its payload query is the @resolveWith field with the same alias, selection and variables', () => {
    const r = prepare(
      'subscription Follow($id: ID!) { o: orderUpdated(id: $id) { status ...P } } fragment P on Order { payment { status } }',
      { id: 'order-1' },
    );
    if (!('field' in r)) throw new Error(JSON.stringify(r));
    expect(r.subject).toBe('order-1');
    expect(r.internalQuery).toContain('query Follow($id: ID!)');
    expect(r.internalQuery).toContain('o: order(id: $id)');
    expect(r.keys).toEqual({ query: 'o', subscription: 'o' });
    const plain = prepare('subscription { stockChanged(productId: "p") { onHand } }');
    if (!('field' in plain)) throw new Error(JSON.stringify(plain));
    expect(plain.internalQuery).toMatch(/{\s+stockLevel\(productId: "p"\)/); // no alias added: it would count
    expect(plain.keys).toEqual({ query: 'stockLevel', subscription: 'stockChanged' });
    expect(r.internalQuery).toContain('fragment P on Order');
  });

  it('then a query, an unknown field or a missing argument is a coded refusal', () => {
    expect(codes(prepare('{ order(id: "x") { id } }'))).toEqual(['BAD_REQUEST']);
    expect(codes(prepare('subscription { orderUpdated(id: "x") { nope } }'))).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(codes(prepare('subscription($id: ID!) { orderUpdated(id: $id) { id } }'))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(
      codes(prepare(`subscription { stockChanged(productId: "p") { ${'onHand '.repeat(2100)} } }`)),
    ).toEqual(['TOO_MANY_TOKENS']);
  });
});

describe('When a subscriber falls behind', () => {
  it('then past the bound it is dropped instead of queueing more, and what was queued keeps its order', async () => {
    let overflowed = 0;
    const stream = new PayloadStream({
      bound: 3,
      onOverflow: () => overflowed++,
      onSent: () => {},
      onClose: () => {},
    });
    for (let i = 0; i < 5; i++) stream.enqueue(async () => ({ result: { data: { i } } }));
    expect(overflowed).toBe(2);
    const got = [await stream.next(), await stream.next(), await stream.next()].map(
      (r) => r.value?.data?.['i'],
    );
    expect(got).toEqual([0, 1, 2]);
    stream.end({ errors: [] });
    expect((await stream.next()).value).toEqual({ errors: [] });
    expect((await stream.next()).done).toBe(true);
  });
});
