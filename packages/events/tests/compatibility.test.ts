import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { catalog, checkCompatibility } from '../src/index.ts';
import { readBaseline, schemaJson } from '../src/baselines.ts';

const plain = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as unknown;
const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
const base = Type.Object({ productId: Type.String(), price: Money, note: Type.Optional(Type.String()) });
const check = (current: unknown) =>
  checkCompatibility('shopgraph.x.ThingHappened.v1', plain(base), plain(current));

describe('schema compatibility with the committed baselines', () => {
  it.each(catalog.map((def) => [def.type, def] as const))(
    'when %s is compared with its committed baseline, then it is backward compatible',
    (_, def) => {
      const baseline = readBaseline(def);
      expect(
        baseline,
        `no baseline for ${def.type}: run node packages/events/scripts/write-baselines.ts`,
      ).toBeDefined();
      expect(
        checkCompatibility(def.type, baseline, JSON.parse(schemaJson(def))).map((p) => p.message),
      ).toEqual([]);
    },
  );

  it('when an optional field is added, then it passes', () => {
    expect(check(Type.Object({ ...base.properties, color: Type.Optional(Type.String()) }))).toEqual([]);
  });

  it('when a nested optional field is added, then it passes', () => {
    const price = Type.Object({ ...Money.properties, tax: Type.Optional(Type.Integer()) });
    expect(check(Type.Object({ ...base.properties, price }))).toEqual([]);
  });

  it('when a required field is added, then it fails naming the event and field', () => {
    expect(check(Type.Object({ ...base.properties, color: Type.String() })).map((p) => p.message)).toEqual([
      'shopgraph.x.ThingHappened.v1: new field "color" is required (a new field must be optional)',
    ]);
  });

  it('when a field is removed, then it fails naming the event and field', () => {
    const { productId: _, ...rest } = base.properties;
    expect(check(Type.Object(rest)).map((p) => p.message)).toEqual([
      'shopgraph.x.ThingHappened.v1: field "productId" was removed',
    ]);
  });

  it('when a nested field changes type, then it fails naming the event and the field path', () => {
    const price = Type.Object({ amount: Type.String(), currency: Type.String() });
    expect(check(Type.Object({ ...base.properties, price })).map((p) => p.message)).toEqual([
      'shopgraph.x.ThingHappened.v1: field "price.amount" changed type (number:int -> string)',
    ]);
  });

  it('when a field becomes nullable, then it fails (old readers do not expect null)', () => {
    const problems = check(
      Type.Object({ ...base.properties, productId: Type.Union([Type.String(), Type.Null()]) }),
    );
    expect(problems.map((p) => [p.field, p.problem])).toEqual([['productId', 'type-changed']]);
  });

  it('when an optional field becomes required, or a required one optional, then both fail', () => {
    const problems = check(
      Type.Object({ productId: Type.Optional(Type.String()), price: Money, note: Type.String() }),
    );
    expect(problems.map((p) => [p.field, p.problem]).sort()).toEqual([
      ['note', 'became-required'],
      ['productId', 'became-optional'],
    ]);
  });
});
