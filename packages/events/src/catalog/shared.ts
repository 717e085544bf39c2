import { Type } from '@sinclair/typebox';

/** Money: integer minor units plus ISO 4217 currency (DESIGN.md "Domain"). */
export const Money = Type.Object({
  amount: Type.Integer({ description: 'minor units, e.g. cents' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
});
