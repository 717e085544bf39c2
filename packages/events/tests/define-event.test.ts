import { describe, expect, it } from 'vitest';
import {
  BrandRegistered,
  ProductUpserted,
  StockLevelChanged,
  catalog,
  createEnvelope,
  envelopeHeaders,
  parseEnvelope,
  outbox,
} from '../src/index.ts';

const brandId = '6f1c1d7e-2b0a-4c1e-9a43-3f7a2a1d9b10';

describe('event definitions and the envelope', () => {
  it('when an event is defined, then its type, topic and schema come from the one definition', () => {
    expect(BrandRegistered.type).toBe('shopgraph.brands.BrandRegistered.v1');
    expect(BrandRegistered.topic).toBe('shopgraph.brands.events');
    expect(BrandRegistered.schema.required).toEqual(['brandId', 'slug', 'name', 'country']);
    expect(catalog.map((d) => d.type)).toContain('shopgraph.inventory.StockLevelChanged.v1');
  });

  it('when data is valid, then validation passes', () => {
    expect(() =>
      ProductUpserted.validate({
        productId: brandId,
        sku: 'A-1',
        brandId,
        name: 'Tee',
        status: 'DRAFT',
        price: null,
        category: 'tops',
      }),
    ).not.toThrow();
  });

  it('when data is malformed, then validation throws naming the event and every bad field', () => {
    expect(() => StockLevelChanged.validate({ productId: 'nope', onHand: -1, reserved: 0 })).toThrow(
      'shopgraph.inventory.StockLevelChanged.v1: invalid data: /available is required; /productId must match format "uuid"; /onHand must be >= 0',
    );
  });

  it('when outbox.add gets malformed data, then it throws before writing anything', async () => {
    const queries: string[] = [];
    const tx = { query: async (sql: string) => void queries.push(sql) } as never;
    await expect(
      outbox.add(tx, BrandRegistered, { subject: brandId, data: { brandId, slug: 's' } as never }),
    ).rejects.toThrow(/BrandRegistered\.v1: invalid data/);
    expect(queries).toEqual([]);
  });

  it('when an envelope is created, then it is a CloudEvent whose headers carry id and type', () => {
    const e = createEnvelope({
      producer: 'brands',
      type: BrandRegistered.type,
      subject: brandId,
      data: { x: 1 },
      traceparent: '00-abc-def-01',
    });
    expect(e).toMatchObject({
      specversion: '1.0',
      source: '/shopgraph/brands',
      subject: brandId,
      datacontenttype: 'application/json',
    });
    expect(envelopeHeaders(e)).toMatchObject({ ce_id: e.id, ce_type: e.type, traceparent: '00-abc-def-01' });
    expect(parseEnvelope(Buffer.from(JSON.stringify(e)))).toEqual(e);
  });

  it('when a message is not a CloudEvent, then parsing says why', () => {
    expect(() => parseEnvelope(Buffer.from('{"hello":1}'))).toThrow('not a CloudEvents 1.0 envelope');
    expect(() => parseEnvelope(null)).toThrow('message has no value');
  });
});
