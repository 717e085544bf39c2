import { randomUUID } from 'node:crypto';
import {
  OrderCancelled,
  OrderDispatchAccepted,
  OrderPlaced,
  PaymentAuthorized,
  type DataOf,
} from '@shopgraph/events';
import type { Identity, SubgraphService } from '@shopgraph/platform';
import {
  ADMIN,
  ANONYMOUS,
  as,
  createTestDatabase,
  customer,
  deliverer,
  errorCodes,
  gql,
  eventually,
  newId,
  orderPlacedData,
  published,
  relayedAt,
  type TestDatabase,
  testServiceConfig,
  UpstreamProducer,
} from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSpec } from '../src/config.ts';
import { handlers } from '../src/events/handlers.ts';
import { createFulfillmentService } from '../src/server.ts';

const ADDRESS = {
  name: 'Ada Lovelace',
  line1: '12 St James Square',
  line2: null,
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'GB',
};
const SHIPMENT_FIELDS = `id status carrier trackingNumber order { id }
  address { name line1 line2 city postalCode country } createdAt dispatchedAt deliveredAt cancelledAt`;
const DISPATCH = `mutation($id: ID!, $carrier: String, $trackingNumber: String) {
  dispatchShipment(id: $id, carrier: $carrier, trackingNumber: $trackingNumber) { ${SHIPMENT_FIELDS} }
}`;
const DELIVER = `mutation($id: ID!) { markDelivered(id: $id) { ${SHIPMENT_FIELDS} } }`;
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Shipment { id status address { city } order { id } }
    ... on Order { id shipments { id status } }
  }
}`;

interface ShipmentRow {
  id: string;
  status: string;
  carrier: string | null;
  tracking_number: string | null;
}

describe('fulfillment subgraph and saga handlers (real PostgreSQL, Kafka)', () => {
  const namespace = `t-fulfillment-${randomUUID().slice(0, 6)}`;
  let db: TestDatabase;
  let service: SubgraphService;
  let url: string;
  const deliver = (...args: Parameters<ReturnType<typeof deliverer>>) =>
    deliverer(service.pool, handlers())(...args);

  const shipmentsOf = async (orderId: string) =>
    (await service.pool.query<ShipmentRow>('SELECT * FROM shipments WHERE order_id = $1', [orderId])).rows;
  const eventsOf = async (orderId: string) => (await published(service.pool, orderId)).map(([type]) => type);
  const placed = (orderId: string, customerId: string): DataOf<typeof OrderPlaced> =>
    orderPlacedData(orderId, { customerId, quantity: 1, unitAmount: 12900, shippingAddress: ADDRESS });
  const place = (orderId: string, customerId = newId()) =>
    deliver(OrderPlaced, orderId, placed(orderId, customerId));
  const authorize = (orderId: string) => {
    const paymentId = newId();
    return deliver(PaymentAuthorized, paymentId, {
      paymentId,
      orderId,
      amount: { amount: 12900, currency: 'EUR' },
      method: { brand: 'visa', last4: '4242' },
    });
  };
  const cancel = (orderId: string) =>
    deliver(OrderCancelled, orderId, { orderId, previousStatus: 'CONFIRMED', reason: 'customer asked' });
  /** An order with a PENDING shipment; returns the order and shipment ids. */
  const pending = async (customerId = newId()) => {
    const orderId = newId();
    await place(orderId, customerId);
    await authorize(orderId);
    return { orderId, shipmentId: (await shipmentsOf(orderId))[0]!.id };
  };
  const dispatch = (id: string, identity: Identity = ADMIN, extra: Record<string, unknown> = {}) =>
    gql<{ dispatchShipment: Record<string, unknown> }>(url, DISPATCH, { id, ...extra }, as(identity));
  /** Orders' side of a dispatch: once fulfillment asked (ShipmentDispatchRequested), orders accepts. */
  const accept = async (orderId: string, shipmentId: string) => {
    await eventually(
      async () => (await eventsOf(orderId)).includes('ShipmentDispatchRequested'),
      10_000,
      'ShipmentDispatchRequested written',
    );
    await deliver(OrderDispatchAccepted, orderId, { orderId, shipmentId });
  };
  /** dispatchShipment with orders accepting while the call waits for the answer. */
  const dispatchAccepted = async (
    ids: { orderId: string; shipmentId: string },
    extra: Record<string, unknown> = {},
  ) => {
    const call = dispatch(ids.shipmentId, ADMIN, extra);
    await accept(ids.orderId, ids.shipmentId);
    return call;
  };
  const markDelivered = (id: string, identity: Identity = ADMIN) =>
    gql<{ markDelivered: Record<string, unknown> }>(url, DELIVER, { id }, as(identity));
  /** Shipments and outbox as they are now, to prove a refused mutation wrote nothing. */
  const snapshot = async () => ({
    shipments: (await service.pool.query('SELECT * FROM shipments ORDER BY seq')).rows,
    outbox: Number((await service.pool.query('SELECT count(*) AS n FROM outbox')).rows[0].n),
  });

  beforeAll(async () => {
    db = await createTestDatabase('fulfillment');
    const env = {
      // Its own Kafka namespace: earlier runs' events on the shared broker must not reach it.
      KAFKA_NAMESPACE: namespace,
      FULFILLMENT_CONSUMER_GROUP: `test.fulfillment.${randomUUID()}`,
      FULFILLMENT_DEFAULT_CARRIER: 'PostNord',
    };
    service = createFulfillmentService(testServiceConfig('fulfillment', db.url, env, configSpec));
    url = (await service.start()).url;
  });
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('when an order is placed, then nothing is shipped until its payment is authorized', async () => {
    const orderId = newId();
    await place(orderId);
    expect(await shipmentsOf(orderId)).toEqual([]);
    expect(await eventsOf(orderId)).toEqual([]);
  });

  it('when its payment is authorized, then one PENDING shipment with the address snapshot is created and ShipmentCreated published', async () => {
    const { orderId, shipmentId } = await pending();
    expect(await shipmentsOf(orderId)).toMatchObject([
      { status: 'PENDING', carrier: null, tracking_number: null },
    ]);
    expect(await published(service.pool, orderId)).toEqual([
      ['ShipmentCreated', { shipmentId, orderId, address: ADDRESS }],
    ]);
  });

  it('when PaymentAuthorized arrives before OrderPlaced (other topic), then the shipment is created once OrderPlaced arrives', async () => {
    const orderId = newId();
    await authorize(orderId);
    expect(await shipmentsOf(orderId)).toEqual([]);
    await place(orderId);
    expect((await shipmentsOf(orderId)).map((s) => s.status)).toEqual(['PENDING']);
  });

  it('when PaymentAuthorized is delivered twice or raced by 8 consumers, then there is one shipment and one event', async () => {
    const orderId = newId();
    await place(orderId);
    await Promise.all(Array.from({ length: 8 }, () => authorize(orderId)));
    await authorize(orderId);
    expect(await shipmentsOf(orderId)).toHaveLength(1);
    expect(await eventsOf(orderId)).toEqual(['ShipmentCreated']);
    await expect(
      service.pool.query(
        `INSERT INTO shipments (id, order_id, customer_id, status) VALUES ($1, $2, $3, 'PENDING')`,
        [newId(), orderId, newId()],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'shipments_order_id_key' });
  });

  it('when an order is cancelled before its payment is authorized, then a later PaymentAuthorized ships nothing', async () => {
    const orderId = newId();
    await place(orderId);
    await cancel(orderId);
    await authorize(orderId);
    expect(await shipmentsOf(orderId)).toEqual([]);
    expect(await eventsOf(orderId)).toEqual([]);
  });

  it('when an order with a PENDING shipment is cancelled, then the shipment is CANCELLED and cannot be dispatched', async () => {
    const { orderId, shipmentId } = await pending();
    await cancel(orderId);
    expect((await shipmentsOf(orderId)).map((s) => s.status)).toEqual(['CANCELLED']);
    const res = await dispatch(shipmentId);
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect(await eventsOf(orderId)).toEqual(['ShipmentCreated']);
  });

  it('when an admin dispatches a PENDING shipment and orders accepts, then it is DISPATCHED with the default carrier and a tracking number, and ShipmentDispatched is published', async () => {
    const { orderId, shipmentId } = await pending();
    const res = await dispatchAccepted({ orderId, shipmentId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.dispatchShipment).toMatchObject({
      id: shipmentId,
      status: 'DISPATCHED',
      carrier: 'PostNord',
      trackingNumber: expect.stringMatching(/^SG[0-9A-F]{14}$/),
      order: { id: orderId },
      address: ADDRESS,
      dispatchedAt: expect.stringMatching(/Z$/),
      deliveredAt: null,
    });
    const events = await published(service.pool, orderId);
    expect(events.map(([type]) => type)).toEqual([
      'ShipmentCreated',
      'ShipmentDispatchRequested',
      'ShipmentDispatched',
    ]);
    expect(events[1]![1]).toEqual({ shipmentId, orderId });
    expect(events[2]![1]).toEqual({
      shipmentId,
      orderId,
      carrier: 'PostNord',
      trackingNumber: res.data!.dispatchShipment['trackingNumber'],
    });
  });

  it('when an admin names the carrier and tracking number, then they are recorded; then markDelivered makes it DELIVERED', async () => {
    const { orderId, shipmentId } = await pending();
    const res = await dispatchAccepted(
      { orderId, shipmentId },
      { carrier: ' DHL ', trackingNumber: 'jd0146000001' },
    );
    expect(res.data!.dispatchShipment).toMatchObject({ carrier: 'DHL', trackingNumber: 'JD0146000001' });
    const delivered = await markDelivered(shipmentId);
    expect(delivered.errors).toBeUndefined();
    expect(delivered.data!.markDelivered).toMatchObject({
      status: 'DELIVERED',
      deliveredAt: expect.any(String),
    });
    expect(await eventsOf(orderId)).toEqual([
      'ShipmentCreated',
      'ShipmentDispatchRequested',
      'ShipmentDispatched',
      'ShipmentDelivered',
    ]);
    await cancel(orderId);
    expect((await shipmentsOf(orderId)).map((s) => s.status)).toEqual(['DELIVERED']);
  });

  it.each([
    ['a customer dispatches', (id: string) => dispatch(id, customer(newId())), 'FORBIDDEN'],
    [
      'a brand dispatches',
      (id: string) => dispatch(id, { role: 'brand', subject: 'b', brandId: newId() }),
      'FORBIDDEN',
    ],
    ['anonymous dispatches', (id: string) => dispatch(id, ANONYMOUS), 'UNAUTHENTICATED'],
    ['a customer marks delivered', (id: string) => markDelivered(id, customer(newId())), 'FORBIDDEN'],
    ['the id is not a uuid', () => dispatch('not-a-uuid'), 'BAD_USER_INPUT'],
    ['the id is unknown', () => dispatch(newId()), 'NOT_FOUND'],
    [
      'the tracking number is malformed',
      (id: string) => dispatch(id, ADMIN, { trackingNumber: 'x-1' }),
      'BAD_USER_INPUT',
    ],
    ['the carrier is blank', (id: string) => dispatch(id, ADMIN, { carrier: '   ' }), 'BAD_USER_INPUT'],
    ['a PENDING shipment is marked delivered', (id: string) => markDelivered(id), 'CONFLICT'],
  ])('when %s, then it is %s and nothing is written', async (_, act, code) => {
    const { shipmentId } = await pending();
    const before = await snapshot();
    const res = await act(shipmentId);
    expect(errorCodes(res)).toEqual([code]);
    expect(res.data).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('when a shipment is dispatched twice, or with a tracking number already in use, then it is CONFLICT and nothing is written', async () => {
    const first = await pending();
    await dispatchAccepted(first, { trackingNumber: 'TAKEN000001' });
    const second = await pending();
    const before = await snapshot();
    expect(errorCodes(await dispatch(first.shipmentId))).toEqual(['CONFLICT']);
    const taken = await dispatch(second.shipmentId, ADMIN, { trackingNumber: 'taken000001' });
    expect(errorCodes(taken)).toEqual(['CONFLICT']);
    expect(taken.errors![0]!.extensions!['field']).toBe('trackingNumber');
    expect(await snapshot()).toEqual(before);
  });

  it('when 5 admins dispatch one shipment at once, then one request is sent and all 5 get the DISPATCHED shipment once orders accepts', async () => {
    const { orderId, shipmentId } = await pending();
    const calls = Promise.all(Array.from({ length: 5 }, () => dispatch(shipmentId)));
    await accept(orderId, shipmentId);
    const results = await calls;
    expect(results.flatMap(errorCodes)).toEqual([]);
    expect(new Set(results.map((r) => r.data!.dispatchShipment['status']))).toEqual(new Set(['DISPATCHED']));
    expect(await eventsOf(orderId)).toEqual([
      'ShipmentCreated',
      'ShipmentDispatchRequested',
      'ShipmentDispatched',
    ]);
  });

  it('when the order is cancelled while the dispatch waits for orders, then the dispatch is CONFLICT, the shipment CANCELLED and nothing ships', async () => {
    const { orderId, shipmentId } = await pending();
    const call = dispatch(shipmentId);
    await eventually(
      async () => (await eventsOf(orderId)).includes('ShipmentDispatchRequested'),
      10_000,
      'ShipmentDispatchRequested written',
    );
    await cancel(orderId); // orders chose the cancel: it never answers OrderDispatchAccepted
    const res = await call;
    expect(errorCodes(res)).toEqual(['CONFLICT']);
    expect((await shipmentsOf(orderId)).map((s) => s.status)).toEqual(['CANCELLED']);
    expect(await eventsOf(orderId)).toEqual(['ShipmentCreated', 'ShipmentDispatchRequested']);
  });

  it('when OrderDispatchAccepted is delivered twice, or for a shipment nobody asked to dispatch, then it ships once and only what was asked', async () => {
    const asked = await pending();
    await dispatchAccepted(asked);
    await deliver(OrderDispatchAccepted, asked.orderId, asked);
    const unasked = await pending();
    await deliver(OrderDispatchAccepted, unasked.orderId, unasked);
    expect(await eventsOf(asked.orderId)).toEqual([
      'ShipmentCreated',
      'ShipmentDispatchRequested',
      'ShipmentDispatched',
    ]);
    expect((await shipmentsOf(unasked.orderId)).map((s) => s.status)).toEqual(['PENDING']);
  });

  describe('reads', () => {
    const alice = newId();
    let orderId: string;
    let shipmentId: string;
    beforeAll(async () => {
      ({ orderId, shipmentId } = await pending(alice));
    });
    const entities = (representations: unknown[], identity: Identity) =>
      gql<{ _entities: unknown[] }>(url, ENTITIES, { representations }, as(identity));

    it('when the order’s customer or an admin resolves the Shipment and Order.shipments, then they see them', async () => {
      for (const identity of [customer(alice), ADMIN]) {
        const res = await entities(
          [
            { __typename: 'Shipment', id: shipmentId },
            { __typename: 'Order', id: orderId },
            { __typename: 'Order', id: newId() },
          ],
          identity,
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!._entities).toEqual([
          { id: shipmentId, status: 'PENDING', address: { city: 'London' }, order: { id: orderId } },
          { id: orderId, shipments: [{ id: shipmentId, status: 'PENDING' }] },
          { id: expect.any(String), shipments: [] },
        ]);
      }
    });

    it.each([
      ['another customer', () => customer(newId()), 'FORBIDDEN'],
      ['anonymous', () => ANONYMOUS, 'UNAUTHENTICATED'],
    ])('when %s resolves them, then it is %s with no data', async (_, identity, code) => {
      const res = await entities(
        [
          { __typename: 'Shipment', id: shipmentId },
          { __typename: 'Order', id: orderId },
        ],
        identity(),
      );
      expect(res.data).toEqual({ _entities: [null, null] });
      expect(errorCodes(res)).toEqual([code, code]);
      expect(JSON.stringify(res)).not.toMatch(/London|PENDING/);
    });
  });

  it('when OrderPlaced and PaymentAuthorized arrive through Kafka, then the running service creates the shipment and relays ShipmentCreated', async () => {
    const orderId = newId();
    const paymentId = newId();
    const producer = new UpstreamProducer(process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092', namespace);
    await producer.connect([PaymentAuthorized.topic, OrderPlaced.topic]);
    try {
      // Payment first: the two topics race, and either order must create the shipment once.
      await producer.send(PaymentAuthorized, paymentId, {
        paymentId,
        orderId,
        amount: { amount: 12900, currency: 'EUR' },
        method: { brand: 'visa', last4: '4242' },
      });
      await producer.send(OrderPlaced, orderId, placed(orderId, newId()));
    } finally {
      await producer.disconnect();
    }
    const sentAt = await eventually(
      () => relayedAt(service.pool, orderId),
      30_000,
      'ShipmentCreated relayed',
    );
    expect(sentAt).toEqual(expect.any(Date));
    expect((await shipmentsOf(orderId)).map((s) => s.status)).toEqual(['PENDING']);
  });
});
