import { badUserInput, isUuid } from '@shopgraph/platform';
import type { KnownProduct, Money } from './model.ts';

export interface PlaceOrderInput {
  readonly idempotencyKey: string;
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly shippingAddressId: string;
  readonly paymentToken: string;
}

export const MAX_LINES = 100;
export const MAX_QUANTITY = 1000;
const MAX_TOTAL = 2_147_483_647; // GraphQL Int and the integer columns
const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

export interface PricedLine {
  readonly productId: string;
  readonly quantity: number;
  readonly unitPrice: Money;
  readonly lineTotal: Money;
}

/**
 * The rules that need nothing but the request. A product twice is refused rather than merged:
 * two lines for one product is almost always a client bug, and merging would hide it.
 */
export function validateRequest(input: PlaceOrderInput): PlaceOrderInput {
  const idempotencyKey = input.idempotencyKey.trim();
  if (idempotencyKey.length < 1 || idempotencyKey.length > 100)
    throw badUserInput('idempotencyKey must be 1-100 characters', 'idempotencyKey');
  if (input.lines.length === 0) throw badUserInput('an order needs at least one line', 'lines');
  if (input.lines.length > MAX_LINES)
    throw badUserInput(`an order holds at most ${MAX_LINES} lines`, 'lines');
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    if (!isUuid(line.productId)) throw badUserInput('productId is not a product id', `lines[${i}].productId`);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY)
      throw badUserInput(`quantity must be 1-${MAX_QUANTITY}`, `lines[${i}].quantity`);
    const id = line.productId.toLowerCase();
    if (seen.has(id))
      throw badUserInput(
        'this product is on another line already: send one line per product',
        `lines[${i}].productId`,
      );
    seen.add(id);
  });
  if (!isUuid(input.shippingAddressId)) throw badUserInput('not an address id', 'shippingAddressId');
  if (!TOKEN.test(input.paymentToken))
    throw badUserInput('paymentToken must be 1-100 letters, digits, _ or -', 'paymentToken');
  return {
    idempotencyKey,
    lines: input.lines.map((l) => ({ productId: l.productId.toLowerCase(), quantity: l.quantity })),
    shippingAddressId: input.shippingAddressId.toLowerCase(),
    paymentToken: input.paymentToken,
  };
}

/**
 * Prices every line from orders' read model: each product must be known, ACTIVE and priced,
 * and all lines in one currency (the total is one Money).
 */
export function priceLines(
  lines: PlaceOrderInput['lines'],
  known: readonly KnownProduct[],
): { lines: PricedLine[]; total: Money } {
  const byId = new Map(known.map((p) => [p.productId, p]));
  const priced = lines.map((line, i): PricedLine => {
    const product = byId.get(line.productId);
    if (product === undefined || product.status !== 'ACTIVE' || product.price === null)
      throw badUserInput('unknown product, or not available for sale', `lines[${i}].productId`);
    const { amount, currency } = product.price;
    return {
      ...line,
      unitPrice: { amount, currency },
      lineTotal: { amount: amount * line.quantity, currency },
    };
  });
  const currency = priced[0]!.unitPrice.currency;
  const mixed = priced.findIndex((l) => l.unitPrice.currency !== currency);
  if (mixed >= 0)
    throw badUserInput(
      `all lines must be in one currency (${currency}); order this one separately`,
      `lines[${mixed}].productId`,
    );
  const amount = priced.reduce((sum, l) => sum + l.lineTotal.amount, 0);
  if (amount > MAX_TOTAL) throw badUserInput('the order total is too large', 'lines');
  return { lines: priced, total: { amount, currency } };
}
