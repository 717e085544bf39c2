import { Type, type Static } from '@sinclair/typebox';

/** Money: integer minor units plus ISO 4217 currency (DESIGN.md "Domain"). */
export const Money = Type.Object({
  amount: Type.Integer({ description: 'minor units, e.g. cents' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
});
export type Money = Static<typeof Money>;

const Uuid = Type.String({ format: 'uuid' });

/** One order line as the saga passes it around. */
export const OrderLineRef = Type.Object({
  productId: Uuid,
  quantity: Type.Integer({ minimum: 1 }),
});
export type OrderLineRef = Static<typeof OrderLineRef>;

/** A line that could not be reserved: how many were asked for and how many were available. */
export const ShortLine = Type.Object({
  productId: Uuid,
  requested: Type.Integer({ minimum: 1 }),
  available: Type.Integer({ minimum: 0 }),
});
export type ShortLine = Static<typeof ShortLine>;

/** A postal address copied into an order or shipment (later edits do not change it). */
export const AddressSnapshot = Type.Object({
  name: Type.String(),
  line1: Type.String(),
  line2: Type.Union([Type.String(), Type.Null()]),
  city: Type.String(),
  postalCode: Type.String(),
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
});
export type AddressSnapshot = Static<typeof AddressSnapshot>;
