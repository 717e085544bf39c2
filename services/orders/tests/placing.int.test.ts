import { randomUUID } from 'node:crypto';
import { AddressAdded } from '@shopgraph/events';
import { ADMIN, as, customer, errorCodes, eventually, gql } from '@shopgraph/testing';
import { describe, expect, it } from 'vitest';
import { FOREIGN_ADDRESS_REASON, UNKNOWN_ADDRESS_REASON } from '../src/domain/await-address.ts';
import { sweepAwaitingAddress } from '../src/domain/sweep-pending.ts';
import { orderEffects } from '../src/events/publish.ts';
import { CUSTOMER_ORDERS, ORDER, PLACE, useOrdersService, type OrderView } from './support.ts';

describe('orders: placing and reading orders (real PostgreSQL and a private Kafka)', () => {
  const fx = useOrdersService();
  const { alice, bob, bobAddress, shirt, socks, draft, discontinued, sekOnly } = fx;
  const { count, orderCount, outboxCount, place, input } = fx;

  describe('placeOrder', () => {
    it('when a customer orders ACTIVE products, then the order is PENDING, priced from the read model, with OrderPlaced', async () => {
      const res = await place(
        alice,
        input({
          lines: [
            { productId: shirt, quantity: 2 },
            { productId: socks, quantity: 3 },
          ],
        }),
      );
      expect(res.errors).toBeUndefined();
      const order = res.data!.placeOrder;
      expect(order.number).toMatch(/^SG-\d{6}$/);
      expect(order.status).toBe('PENDING');
      expect(order.customer.id).toBe(alice);
      expect(
        order.lines.map((l) => [l.product.id, l.quantity, l.unitPrice.amount, l.lineTotal.amount]),
      ).toEqual([
        [shirt, 2, 2500, 5000],
        [socks, 3, 1000, 3000], // the changed price, not the first one
      ]);
      expect(order.total).toEqual({ amount: 8000, currency: 'EUR' });
      expect(order.statusHistory.map((h) => h.status)).toEqual(['PENDING']);
      expect(order.shippingAddress).toEqual({ city: 'Stockholm', country: 'SE' });
      const placed = await fx.service.pool.query<{
        envelope: { data: { lines: unknown[]; shippingAddress: { city: string } } };
      }>(
        `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderPlaced.v1' AND key = $1`,
        [order.id],
      );
      expect(placed.rows).toHaveLength(1);
      expect(placed.rows[0]!.envelope.data.lines).toHaveLength(2);
      expect(placed.rows[0]!.envelope.data.shippingAddress.city).toBe('Stockholm');
    });

    it('when the same placeOrder is sent 5 times at once, then one order and one OrderPlaced', async () => {
      const same = input({ idempotencyKey: `race-${randomUUID()}` });
      const before = await outboxCount('shopgraph.orders.OrderPlaced.v1');
      const results = await Promise.all(Array.from({ length: 5 }, () => place(alice, same)));
      const ids = new Set(results.map((r) => r.data?.placeOrder.id));
      expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
      expect(ids.size).toBe(1);
      expect(
        await count('SELECT count(*) AS n FROM orders WHERE idempotency_key = $1', [same.idempotencyKey]),
      ).toBe(1);
      expect(await outboxCount('shopgraph.orders.OrderPlaced.v1')).toBe(before + 1);
      // ...and later, with other lines, still that order (the key decides).
      const again = await place(alice, { ...same, lines: [{ productId: socks, quantity: 1 }] });
      expect(again.data!.placeOrder.id).toBe([...ids][0]);
    });

    it('when another customer uses the same key, then they get their own order', async () => {
      const key = `shared-${randomUUID()}`;
      const a = await place(alice, input({ idempotencyKey: key }));
      const b = await place(bob, input({ idempotencyKey: key, shippingAddressId: bobAddress }));
      expect(a.data!.placeOrder.id).not.toBe(b.data!.placeOrder.id);
    });

    it.each([
      ['no lines', { lines: [] }, 'lines'],
      [
        '101 lines',
        { lines: Array.from({ length: 101 }, () => ({ productId: randomUUID(), quantity: 1 })) },
        'lines',
      ],
      ['quantity 0', { lines: [{ productId: shirt, quantity: 0 }] }, 'lines[0].quantity'],
      ['negative quantity', { lines: [{ productId: shirt, quantity: -2 }] }, 'lines[0].quantity'],
      [
        'an unknown product',
        {
          lines: [
            { productId: shirt, quantity: 1 },
            { productId: randomUUID(), quantity: 1 },
          ],
        },
        'lines[1].productId',
      ],
      ['a DRAFT product', { lines: [{ productId: draft, quantity: 1 }] }, 'lines[0].productId'],
      ['a DISCONTINUED product', { lines: [{ productId: discontinued, quantity: 1 }] }, 'lines[0].productId'],
      [
        'a product twice',
        {
          lines: [
            { productId: shirt, quantity: 1 },
            { productId: shirt, quantity: 1 },
          ],
        },
        'lines[1].productId',
      ],
      [
        'two currencies',
        {
          lines: [
            { productId: shirt, quantity: 1 },
            { productId: sekOnly, quantity: 1 },
          ],
        },
        'lines[1].productId',
      ],
      ["another customer's address", { shippingAddressId: bobAddress }, 'shippingAddressId'],
    ])(
      'when the order has %s, then BAD_USER_INPUT on the field and nothing is written',
      async (_, over, field) => {
        const [orders, events] = [await orderCount(), await outboxCount()];
        const res = await place(alice, input(over));
        expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.errors![0]!.extensions!['field']).toBe(field);
        expect(res.data).toBeNull();
        expect([await orderCount(), await outboxCount()]).toEqual([orders, events]);
      },
    );

    describe('an address orders has not learned yet (AddressAdded still on its way)', () => {
      const addressAdded = (addressId: string, customerId: string) =>
        fx.producer.send(AddressAdded, customerId, {
          addressId,
          customerId,
          name: 'New Person',
          line1: '2 Fresh Street',
          line2: null,
          city: 'Uppsala',
          postalCode: '75310',
          country: 'SE',
        });
      const placedEvents = (id: string) => outboxCount('shopgraph.orders.OrderPlaced.v1', id);

      it('when a customer orders to it, then the order is accepted PENDING and OrderPlaced follows with the snapshot once AddressAdded arrives', async () => {
        const addressId = randomUUID();
        const res = await place(alice, input({ shippingAddressId: addressId }));
        expect(res.errors).toBeUndefined();
        const order = res.data!.placeOrder;
        expect([order.status, order.shippingAddress]).toEqual(['PENDING', null]);
        expect(await placedEvents(order.id)).toBe(0);
        await addressAdded(addressId, alice);
        await eventually(
          async () => ((await placedEvents(order.id)) === 1 ? true : undefined),
          30_000,
          'OrderPlaced',
        );
        const placed = await fx.service.pool.query<{
          envelope: { data: { shippingAddress: { city: string } } };
        }>(
          `SELECT envelope::jsonb AS envelope FROM outbox WHERE type = 'shopgraph.orders.OrderPlaced.v1' AND key = $1`,
          [order.id],
        );
        expect(placed.rows[0]!.envelope.data.shippingAddress.city).toBe('Uppsala');
        const read = await gql<{ order: OrderView }>(fx.url, ORDER, { id: order.id }, as(customer(alice)));
        expect(read.data!.order.shippingAddress).toEqual({ city: 'Uppsala', country: 'SE' });
      });

      it("when it turns out to be another customer's, then the order is CANCELLED with the reason and never announced", async () => {
        const addressId = randomUUID();
        const { id } = (await place(alice, input({ shippingAddressId: addressId }))).data!.placeOrder;
        await addressAdded(addressId, bob);
        await fx.awaitStatus(id, 'CANCELLED');
        const read = await gql<{ order: OrderView }>(fx.url, ORDER, { id }, as(customer(alice)));
        expect(read.data!.order.statusHistory.at(-1)!.reason).toBe(FOREIGN_ADDRESS_REASON);
        expect(await placedEvents(id)).toBe(0);
      });

      it('when it never arrives, then the sweeper cancels the order after the wait, and only that one', async () => {
        const { id } = (await place(alice, input({ shippingAddressId: randomUUID() }))).data!.placeOrder;
        const known = (await place(alice, input())).data!.placeOrder.id;
        await fx.service.pool.query(
          `UPDATE orders SET created_at = now() - interval '1 hour' WHERE id = ANY($1::uuid[])`,
          [[id, known]],
        );
        expect(await sweepAwaitingAddress(fx.service.pool, orderEffects(fx.service), 60_000)).toBe(1);
        expect([await fx.statusOf(id), await fx.statusOf(known)]).toEqual(['CANCELLED', 'PENDING']);
        const read = await gql<{ order: OrderView }>(fx.url, ORDER, { id }, as(customer(alice)));
        expect(read.data!.order.statusHistory.at(-1)!.reason).toBe(UNKNOWN_ADDRESS_REASON);
      });
    });

    it('when the caller is anonymous or not a customer, then UNAUTHENTICATED or FORBIDDEN', async () => {
      expect(errorCodes(await gql(fx.url, PLACE, { input: input() }))).toEqual(['UNAUTHENTICATED']);
      expect(errorCodes(await gql(fx.url, PLACE, { input: input() }, as(ADMIN)))).toEqual(['FORBIDDEN']);
    });
  });

  describe('reading orders', () => {
    it("when customer B reads A's order, then FORBIDDEN and no data; A and admin see it", async () => {
      const { id } = (await place(alice, input())).data!.placeOrder;
      const asBob = await gql<{ order: OrderView | null }>(fx.url, ORDER, { id }, as(customer(bob)));
      expect(errorCodes(asBob)).toEqual(['FORBIDDEN']);
      expect(asBob.data?.order ?? null).toBeNull();
      expect(JSON.stringify(asBob)).not.toContain(alice);
      expect(
        (await gql<{ order: OrderView }>(fx.url, ORDER, { id }, as(customer(alice)))).data!.order.id,
      ).toBe(id);
      expect((await gql<{ order: OrderView }>(fx.url, ORDER, { id }, as(ADMIN))).data!.order.id).toBe(id);
      expect(errorCodes(await gql(fx.url, ORDER, { id }))).toEqual(['UNAUTHENTICATED']);
      expect((await gql(fx.url, ORDER, { id: randomUUID() }, as(ADMIN))).data).toEqual({ order: null });
    });

    it('when Customer.orders is resolved through _entities, then only the customer or admin gets the list, newest first', async () => {
      const reps = [{ __typename: 'Customer', id: alice }];
      type Res = {
        _entities: {
          orders: {
            edges: { node: { id: string; number: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        }[];
      };
      const mine = await gql<Res>(fx.url, CUSTOMER_ORDERS, { reps }, as(customer(alice)));
      expect(mine.errors).toBeUndefined();
      const page = mine.data!._entities[0]!.orders;
      expect(page.edges).toHaveLength(2);
      expect(page.pageInfo.hasNextPage).toBe(true);
      expect(page.edges[0]!.node.number > page.edges[1]!.node.number).toBe(true);
      const theirs = await gql<Res>(fx.url, CUSTOMER_ORDERS, { reps }, as(customer(bob)));
      expect(errorCodes(theirs)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(theirs.data)).not.toContain('SG-');
      expect((await gql<Res>(fx.url, CUSTOMER_ORDERS, { reps }, as(ADMIN))).errors).toBeUndefined();
    });
  });
});
