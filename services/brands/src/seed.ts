import { readFile } from 'node:fs/promises';
import { SEED_IDENTITY, stableUuid, type SeedFn } from '@shopgraph/platform/seed';
import { readBrandBySlug } from './domain/read-brands.ts';
import { registerBrand, type RegisterBrandInput } from './domain/register-brand.ts';
import { publish } from './events/publish.ts';

/** Id of a seeded brand, so other services' seeds can refer to it. */
export const seededBrandId = (slug: string): string => stableUuid('brand', slug);

/** Registers the dozen seed brands that are not there yet, through the normal use case, as SEED_IDENTITY (an admin). */
export const seed: SeedFn = async ({ pool }) => {
  const brands = JSON.parse(
    await readFile(new URL('../seed/brands.json', import.meta.url), 'utf8'),
  ) as RegisterBrandInput[];
  let created = 0;
  for (const brand of brands) {
    if (await readBrandBySlug(pool, brand.slug)) continue;
    await registerBrand(pool, SEED_IDENTITY, brand, publish, seededBrandId(brand.slug));
    created++;
  }
  return { created };
};
