export interface AddressLike {
  readonly name: string;
  readonly line1: string;
  readonly line2?: string | null;
  readonly city: string;
  readonly postalCode: string;
  readonly country: string;
}

/** "Ada Lovelace, 1 Main St, London NW1 6XE, GB" */
export const addressText = (a: AddressLike): string =>
  [a.name, a.line1, a.line2, `${a.city} ${a.postalCode}`, a.country].filter(Boolean).join(', ');
