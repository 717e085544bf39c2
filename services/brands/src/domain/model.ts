/** A registered brand, as the use cases return it (data/ reads it, resolvers expose it). */
export interface Brand {
  readonly id: string;
  readonly seq: number;
  readonly slug: string;
  readonly name: string;
  readonly country: string;
  readonly website: string | null;
  readonly createdAt: Date;
}

/** A brand that passed validation, before it is written. */
export type NewBrand = Omit<Brand, 'seq' | 'createdAt'>;
