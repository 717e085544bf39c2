import { BrandRegistered, outbox } from '@shopgraph/events';
import type { PublishBrandChange } from '../domain/changes.ts';

/** Writes a change as its event to the outbox, in the caller's transaction; subject = brandId. */
export const publish: PublishBrandChange = async (tx, { brand }) => {
  const { id: brandId, slug, name, country } = brand;
  await outbox.add(tx, BrandRegistered, { subject: brandId, data: { brandId, slug, name, country } });
};
