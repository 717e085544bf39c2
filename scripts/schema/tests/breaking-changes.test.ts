import { composeServices } from '@apollo/composition';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf, checkSchemas, parseAcceptedChanges } from '../breaking-changes.ts';

const BASE = `
  enum Status { DRAFT ACTIVE DISCONTINUED }
  type Money { amount: Int! currency: String! }
  type Product { id: ID! name: String! price: Money status: Status! weightGrams: Int }
  type Legacy { id: ID! }
  type Query { product(id: ID!): Product products(first: Int): [Product!]! legacy: Legacy }
`;
const ids = (before: string, after: string, accepted = '') =>
  checkSchemas(buildSchema(before), buildSchema(after), parseAcceptedChanges(accepted));

describe('schema check on synthetic schemas', () => {
  it('when nothing changes or only fields and optional arguments are added, then nothing is breaking', () => {
    expect(ids(BASE, BASE).breaking).toEqual([]);
    const additive = BASE.replace('weightGrams: Int }', 'weightGrams: Int sku: String }').replace(
      'products(first: Int)',
      'products(first: Int, after: String)',
    );
    const result = ids(BASE, additive);
    expect(result.breaking).toEqual([]);
    expect(result.unaccepted).toEqual([]);
  });

  it.each([
    [
      'a removed field',
      BASE.replace(' weightGrams: Int', ''),
      'FIELD_REMOVED: Product.weightGrams was removed.',
    ],
    [
      'a changed field type',
      BASE.replace('name: String!', 'name: Int!'),
      'FIELD_CHANGED_KIND: Product.name changed type from String! to Int!.',
    ],
    [
      'a field made nullable',
      BASE.replace('status: Status!', 'status: Status'),
      'FIELD_CHANGED_KIND: Product.status changed type from Status! to Status.',
    ],
    [
      'a new required argument',
      BASE.replace('products(first: Int)', 'products(first: Int, region: String!)'),
      'REQUIRED_ARG_ADDED: A required arg region on Query.products was added.',
    ],
    [
      'a removed enum value',
      BASE.replace(' DISCONTINUED', ''),
      'VALUE_REMOVED_FROM_ENUM: DISCONTINUED was removed from enum type Status.',
    ],
    [
      'a removed type',
      BASE.replace('type Legacy { id: ID! }', '').replace(' legacy: Legacy', ''),
      'TYPE_REMOVED: Legacy was removed.',
    ],
  ])('when the new schema has %s, then it is breaking and fails unless accepted', (_, after, id) => {
    const result = ids(BASE, after);
    expect(result.breaking.map((c) => c.id)).toContain(id);
    expect(result.unaccepted.map((c) => c.id)).toContain(id);
  });

  it('when every breaking change is accepted with a reason, then none is left unaccepted and the reason is shown', () => {
    const after = BASE.replace(' weightGrams: Int', '');
    const accepted = `accepted:\n  - change: "FIELD_REMOVED: Product.weightGrams was removed."\n    reason: "replaced by weight"\n`;
    const result = ids(BASE, after, accepted);
    expect(result.unaccepted).toEqual([]);
    expect(result.breaking).toEqual([
      expect.objectContaining({
        id: 'FIELD_REMOVED: Product.weightGrams was removed.',
        acceptedBecause: 'replaced by weight',
      }),
    ]);
  });

  it('when an accepted entry names another change, then the actual change is still unaccepted', () => {
    const accepted = `accepted:\n  - change: "FIELD_REMOVED: Product.name was removed."\n    reason: "x"\n`;
    expect(ids(BASE, BASE.replace(' weightGrams: Int', ''), accepted).unaccepted).toHaveLength(1);
  });

  it('when an accepted entry has no reason, then the accepted-changes file is rejected', () => {
    expect(() =>
      parseAcceptedChanges(`accepted:\n  - change: "TYPE_REMOVED: Legacy was removed."\n`),
    ).toThrow(/no reason/);
    expect(() =>
      parseAcceptedChanges(`accepted:\n  - change: "TYPE_REMOVED: Legacy was removed."\n    reason: "  "\n`),
    ).toThrow(/no reason/);
    expect(parseAcceptedChanges('accepted: []\n')).toEqual([]);
  });

  it('when supergraphs are compared, then only the API schema counts (a removed subgraph field is caught, join machinery is not)', () => {
    const subgraph = (fields: string) =>
      parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Product @key(fields: "id") { id: ID! ${fields} } type Query { product(id: ID!): Product }`);
    const compose = (products: string, withStock: boolean) => {
      const services = [{ name: 'products', url: 'http://p', typeDefs: subgraph(products) }];
      if (withStock) {
        services.push({
          name: 'inventory',
          url: 'http://i',
          typeDefs:
            parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
            type Product @key(fields: "id") { id: ID! inStock: Boolean! }`),
        });
      }
      const result = composeServices(services);
      if (result.errors) throw new Error(result.errors.map((e) => e.message).join('; '));
      return apiSchemaOf(result.supergraphSdl);
    };
    const before = compose('name: String! sku: String!', true);
    expect(
      checkSchemas(before, compose('name: String! sku: String! colour: String', true), []).breaking,
    ).toEqual([]);
    expect(checkSchemas(before, compose('name: String!', true), []).unaccepted.map((c) => c.id)).toEqual([
      'FIELD_REMOVED: Product.sku was removed.',
    ]);
    // Dropping a whole subgraph removes its fields (and its join__Graph value, which is not API).
    expect(
      checkSchemas(before, compose('name: String! sku: String!', false), []).unaccepted.map((c) => c.id),
    ).toEqual(['FIELD_REMOVED: Product.inStock was removed.']);
  });
});
