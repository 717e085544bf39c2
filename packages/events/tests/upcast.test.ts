import { describe, expect, it } from 'vitest';
import { checkCompatibility, createEnvelope, defineEvent, handle, Type } from '../src/index.ts';
import { routes, toHandlerEvent } from '../src/handlers.ts';
import { SamplePriced, SamplePricedV2 } from './fixtures/versioned-event.ts';

const v1Message = createEnvelope({
  producer: 'samples',
  type: SamplePriced.type,
  subject: 'sku-1',
  data: { sku: 'sku-1', price: '12.50', currency: 'EUR' },
});

describe('event versions and upcasters', () => {
  it('when the type of a field changes, then the compatibility check calls it breaking (so it is a new version)', () => {
    const problems = checkCompatibility(SamplePricedV2.type, SamplePriced.schema, SamplePricedV2.schema);
    expect(problems.map((p) => p.message)).toContain(
      'shopgraph.samples.SamplePriced.v2: field "price" changed type (string -> object)',
    );
  });

  it('when a v2 handler receives a v1 message, then it gets the upcast v2 data with the original id', () => {
    const table = routes([handle(SamplePricedV2, async () => undefined)]);
    const route = table.get(SamplePriced.type)!;
    const event = toHandlerEvent(route, v1Message);
    expect(event).toMatchObject({
      id: v1Message.id,
      type: 'shopgraph.samples.SamplePriced.v2',
      data: { sku: 'sku-1', price: { amount: 1250, currency: 'EUR' } },
    });
  });

  it('when a consumer still handles v1, then v1 messages reach that handler unchanged', () => {
    const table = routes([
      handle(SamplePriced, async () => undefined),
      handle(SamplePricedV2, async () => undefined),
    ]);
    expect(table.get(SamplePriced.type)!.chain).toEqual([]);
    expect(toHandlerEvent(table.get(SamplePriced.type)!, v1Message).data).toEqual(v1Message.data);
  });

  it('when a v1 message is malformed, then upcasting refuses it with the v1 type named', () => {
    const route = routes([handle(SamplePricedV2, async () => undefined)]).get(SamplePriced.type)!;
    const bad = { ...v1Message, data: { sku: 'sku-1', price: 'twelve', currency: 'EUR' } };
    expect(() => toHandlerEvent(route, bad)).toThrow(
      /shopgraph\.samples\.SamplePriced\.v1: invalid data: \/price/,
    );
  });

  it('when a consumer has no handler for either version, then neither type is routed (the consumer skips and counts them: relay-consumer.int.test.ts)', () => {
    const Other = defineEvent({
      producer: 'samples',
      name: 'SampleOther',
      version: 1,
      data: Type.Object({}),
    });
    const table = routes([handle(Other, async () => undefined)]);
    expect([...table.keys()]).toEqual([Other.type]);
    expect(table.get(SamplePriced.type)).toBeUndefined();
    expect(table.get(SamplePricedV2.type)).toBeUndefined();
  });
});
