import { randomUUID } from 'node:crypto';
import {
  badUserInput,
  conflict,
  isCountryCode,
  isUniqueViolation,
  requireRole,
  withTransaction,
  type Identity,
  type Pool,
} from '@shopgraph/platform';
import { insertBrand } from '../data/brand-repository.ts';
import type { PublishBrandChange } from './changes.ts';
import type { Brand, NewBrand } from './model.ts';

export interface RegisterBrandInput {
  readonly slug: string;
  readonly name: string;
  readonly country: string;
  readonly website?: string | null;
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Checks every rule before anything is written; the first broken rule is the error. */
export function validateBrand(input: RegisterBrandInput, id: string = randomUUID()): NewBrand {
  const slug = input.slug.trim();
  if (slug.length < 2 || slug.length > 64 || !SLUG.test(slug)) {
    throw badUserInput(
      'slug must be 2-64 lowercase letters, digits and single hyphens, e.g. acne-studios',
      'slug',
    );
  }
  const name = input.name.trim();
  if (name.length === 0) throw badUserInput('name must not be empty', 'name');
  if (name.length > 120) throw badUserInput('name must be at most 120 characters', 'name');
  const country = input.country.trim().toUpperCase();
  if (!isCountryCode(country))
    throw badUserInput(`country "${input.country}" is not an ISO 3166-1 alpha-2 code`, 'country');
  const website = input.website?.trim() || null;
  if (website !== null && !isHttpUrl(website))
    throw badUserInput('website must be an http(s) URL', 'website');
  return { id, slug, name, country, website };
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Registers a brand and, in the same transaction, publishes BrandRegistered (written to the
 * outbox; the relay sends it after commit). Admin only (anonymous: UNAUTHENTICATED, anyone else: FORBIDDEN),
 * checked first. A taken slug is a CONFLICT, reported without writing anything.
 */
export async function registerBrand(
  pool: Pool,
  identity: Identity,
  input: RegisterBrandInput,
  publish: PublishBrandChange,
  id?: string,
): Promise<Brand> {
  requireRole(identity, 'admin');
  const brand = validateBrand(input, id);
  try {
    return await withTransaction(pool, async (tx) => {
      const saved = await insertBrand(tx, brand);
      await publish(tx, { type: 'BrandRegistered', brand: saved });
      return saved;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'brands_slug_key'))
      throw conflict(`slug "${brand.slug}" is already taken`, 'slug');
    throw err;
  }
}
