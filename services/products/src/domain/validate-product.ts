import { badUserInput, isCurrencyCode, isUuid, stableUuid } from '@shopgraph/platform';
import type { ProductWrite } from './model.ts';

export interface UpsertProductInput {
  readonly sku: string;
  readonly brandId: string;
  readonly name: string;
  readonly description?: string | null;
  readonly price?: { readonly amount: number; readonly currency: string } | null;
  readonly category: string;
  readonly attributes?: {
    readonly colour?: string | null;
    readonly size?: string | null;
    readonly material?: string | null;
  } | null;
  readonly imageUrls?: readonly string[] | null;
  readonly weightGrams?: number | null;
  readonly discontinued?: boolean | null;
}

const SKU = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;
const CATEGORY = /^[a-z]+(-[a-z]+)*$/;
const MAX_IMAGES = 10;

/** A product's id follows from its SKU, so every service and seed can name it without a lookup. */
export const productIdForSku = (sku: string): string => stableUuid('product', sku);

/** Normalises and checks every field (the first broken rule is the error); touches no data. */
export function validateProduct(input: UpsertProductInput): ProductWrite {
  const sku = input.sku.trim().toUpperCase();
  if (sku.length < 3 || sku.length > 64 || !SKU.test(sku)) {
    throw badUserInput(
      'sku must be 3-64 uppercase letters, digits and single hyphens, e.g. ACN-TSHIRT-001',
      'sku',
    );
  }
  if (!isUuid(input.brandId)) throw badUserInput(`brandId "${input.brandId}" is not a brand id`, 'brandId');
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) throw badUserInput('name must be 1-200 characters', 'name');
  const description = input.description?.trim() || null;
  if (description !== null && description.length > 5000)
    throw badUserInput('description must be at most 5000 characters', 'description');
  const category = input.category.trim().toLowerCase();
  if (!CATEGORY.test(category))
    throw badUserInput('category must be lowercase letters and single hyphens, e.g. knitwear', 'category');
  return {
    id: productIdForSku(sku),
    sku,
    brandId: input.brandId.toLowerCase(),
    name,
    description,
    price: validatePrice(input.price),
    category,
    attributes: {
      colour: attribute(input.attributes?.colour, 'colour'),
      size: attribute(input.attributes?.size, 'size'),
      material: attribute(input.attributes?.material, 'material'),
    },
    imageUrls: validateImages(input.imageUrls ?? []),
    weightGrams: validateWeight(input.weightGrams),
    discontinued: input.discontinued ?? false,
  };
}

function validatePrice(price: UpsertProductInput['price']): ProductWrite['price'] {
  if (price == null) return null;
  if (!Number.isInteger(price.amount) || price.amount <= 0) {
    throw badUserInput('price.amount must be a whole number of minor units greater than 0', 'price.amount');
  }
  const currency = price.currency.trim().toUpperCase();
  if (!isCurrencyCode(currency))
    throw badUserInput(`price.currency "${price.currency}" is not an ISO 4217 code`, 'price.currency');
  return { amount: price.amount, currency };
}

function attribute(value: string | null | undefined, name: string): string | null {
  const v = value?.trim() || null;
  if (v !== null && v.length > 60)
    throw badUserInput(`attributes.${name} must be at most 60 characters`, `attributes.${name}`);
  return v;
}

function validateImages(urls: readonly string[]): string[] {
  if (urls.length > MAX_IMAGES) throw badUserInput(`imageUrls holds at most ${MAX_IMAGES} URLs`, 'imageUrls');
  return urls.map((raw) => {
    const url = raw.trim();
    if (!isHttpUrl(url)) throw badUserInput(`imageUrls: "${raw}" is not an http(s) URL`, 'imageUrls');
    return url;
  });
}

function validateWeight(grams: number | null | undefined): number | null {
  if (grams == null) return null;
  if (!Number.isInteger(grams) || grams <= 0)
    throw badUserInput('weightGrams must be a whole number greater than 0', 'weightGrams');
  return grams;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}
