import type { Money as EventMoney } from '@shopgraph/events';

/** A product's catalog status: ACTIVE only when complete (priced, stock known). */
export type ProductStatus = 'DRAFT' | 'ACTIVE' | 'DISCONTINUED';

export type Money = Readonly<EventMoney>;

export interface ProductAttributes {
  readonly colour: string | null;
  readonly size: string | null;
  readonly material: string | null;
}

export interface Product {
  readonly id: string;
  readonly seq: number;
  readonly sku: string;
  readonly brandId: string;
  readonly name: string;
  readonly description: string | null;
  readonly price: Money | null;
  readonly status: ProductStatus;
  readonly category: string;
  readonly attributes: ProductAttributes;
  readonly imageUrls: readonly string[];
  readonly weightGrams: number | null;
  readonly discontinued: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What upsertProduct writes: everything the brand controls. */
export interface ProductWrite {
  readonly id: string;
  readonly sku: string;
  readonly brandId: string;
  readonly name: string;
  readonly description: string | null;
  readonly price: Money | null;
  readonly category: string;
  readonly attributes: ProductAttributes;
  readonly imageUrls: readonly string[];
  readonly weightGrams: number | null;
  readonly discontinued: boolean;
}

export interface ProductFilter {
  readonly brandId?: string | undefined;
  readonly category?: string | undefined;
  readonly status: ProductStatus;
  readonly search?: string | undefined;
}

/** Brand as products knows it: only its id (brands owns the rest). */
export interface BrandRef {
  readonly id: string;
}
