import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { BrandRegistered, type EventOf } from '@shopgraph/events';
import { ADMIN, as, gql, useService } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { createBrandsService } from '../src/server.ts';

const REGISTER = `mutation($input: RegisterBrandInput!) { registerBrand(input: $input) { id } }`;

/** Reads shopgraph.brands.events from the start until the event for `brandId` shows up. */
async function findPublished(brandId: string): Promise<EventOf<typeof BrandRegistered>> {
  const kafka = new Kafka({
    clientId: 'brands-test',
    brokers: (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `brands-test-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: BrandRegistered.topic, fromBeginning: true });
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`BrandRegistered for ${brandId} not published`)),
        30_000,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== brandId) return;
          clearTimeout(timer);
          resolve(JSON.parse(message.value!.toString()) as EventOf<typeof BrandRegistered>);
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

describe('brands publishes BrandRegistered (real PostgreSQL and Kafka)', () => {
  const sut = useService('brands', createBrandsService, { dbName: 'brand_events' });

  it('when a brand is registered, then BrandRegistered is written with it and published keyed by the brand id', async () => {
    const slug = `ev-${randomBytes(3).toString('hex')}`;
    const res = await gql<{ registerBrand: { id: string } }>(
      sut.url,
      REGISTER,
      { input: { slug, name: 'Evented', country: 'dk' } },
      as(ADMIN),
    );
    const brandId = res.data!.registerBrand.id;

    const event = await findPublished(brandId);
    expect(event).toMatchObject({
      type: 'shopgraph.brands.BrandRegistered.v1',
      source: '/shopgraph/brands',
      subject: brandId,
      data: { brandId, slug, name: 'Evented', country: 'DK' },
    });
    const { rows } = await sut.service.pool.query('SELECT published_at FROM outbox WHERE key = $1', [
      brandId,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('when a registration is rejected, then no event is written', async () => {
    const before = Number((await sut.service.pool.query('SELECT count(*) AS n FROM outbox')).rows[0].n);
    const res = await gql(
      sut.url,
      REGISTER,
      { input: { slug: 'x', name: 'Too short slug', country: 'DK' } },
      as(ADMIN),
    );
    expect(res.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(Number((await sut.service.pool.query('SELECT count(*) AS n FROM outbox')).rows[0].n)).toBe(before);
  });
});
