import { readFile } from 'node:fs/promises';
import { withTransaction } from '@shopgraph/platform';
import { stableUuid, type SeedFn } from '@shopgraph/platform/seed';
import { findOrderByKey } from './data/order-repository.ts';
import { upsertKnownAddress, upsertKnownProduct } from './data/read-model-repository.ts';
import type { OrderEffects } from './domain/changes.ts';
import { placeOrder } from './domain/place-order.ts';
import { publish } from './events/publish.ts';

interface SeedProduct {
  readonly sku: string;
  readonly price?: { amount: number; currency: string } | null;
}
interface SeedCustomer {
  readonly email: string;
  readonly addresses: readonly {
    name: string;
    line1: string;
    line2?: string;
    city: string;
    postalCode: string;
    country: string;
  }[];
}
interface SeedOrder {
  readonly key: string;
  readonly email: string;
  readonly address: number;
  readonly paymentToken: string;
  readonly lines: readonly { sku: string; quantity: number }[];
}

const readJson = async <T>(path: string): Promise<T> =>
  JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8')) as T;

// The other seeds' deterministic ids (services/products, services/customers src/seed.ts).
const productId = (sku: string) => stableUuid('product', sku);
const customerId = (email: string) => stableUuid('customer', email.toLowerCase());
const addressId = (email: string, i: number) => stableUuid('address', `${email.toLowerCase()}#${i}`);

/** The seed runs before any service starts, so there is no metrics registry to count into. */
const seedEffects: OrderEffects = { publish, observe: () => undefined };

/**
 * A few orders of the seed customers, placed through the normal use case (OrderPlaced in the
 * outbox, sent when orders starts), so that after `make up` they settle in CONFIRMED
 * (tok_visa), PAYMENT_FAILED (tok_decline) and REJECTED (more than the stock).
 *
 * Seeds run before the services (scripts/stack/seed.ts), so orders' read models are still
 * empty: they are written here from the same seed files products, inventory and customers
 * seed from. A seeded product is ACTIVE once inventory's seed stock reaches products, which
 * makes it priced and stocked; the events that follow (ProductUpserted DRAFT, then
 * ProductActivated; AddressAdded) rewrite the same rows with the same end state.
 * Idempotent: the orders' idempotency keys make a second run place nothing.
 */
export const seed: SeedFn = async ({ pool }) => {
  const products = await readJson<SeedProduct[]>('../../products/seed/products.json');
  const stocked = new Set(
    (await readJson<{ sku: string }[]>('../../inventory/seed/stock.json')).map((s) => s.sku),
  );
  const customers = await readJson<SeedCustomer[]>('../../customers/seed/customers.json');
  await withTransaction(pool, async (tx) => {
    for (const p of products)
      if (p.price && stocked.has(p.sku))
        await upsertKnownProduct(tx, { productId: productId(p.sku), status: 'ACTIVE', price: p.price });
    for (const c of customers)
      for (const [i, a] of c.addresses.entries())
        await upsertKnownAddress(tx, {
          id: addressId(c.email, i),
          customerId: customerId(c.email),
          name: a.name,
          line1: a.line1,
          line2: a.line2 ?? null,
          city: a.city,
          postalCode: a.postalCode,
          country: a.country,
        });
  });

  let created = 0;
  for (const o of await readJson<SeedOrder[]>('../seed/orders.json')) {
    const id = customerId(o.email);
    if (await findOrderByKey(pool, id, o.key)) continue;
    await placeOrder(
      pool,
      seedEffects,
      { role: 'customer', subject: id, customerId: id },
      {
        idempotencyKey: o.key,
        lines: o.lines.map((l) => ({ productId: productId(l.sku), quantity: l.quantity })),
        shippingAddressId: addressId(o.email, o.address),
        paymentToken: o.paymentToken,
      },
      stableUuid('order', o.key),
    );
    created++;
  }
  return { created };
};
