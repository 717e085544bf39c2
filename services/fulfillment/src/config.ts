import { parse, serviceConfigSpec, type ConfigKey, type ConfigOf } from '@shopgraph/platform';

/** fulfillment's own keys (the platform's are in `serviceConfigSpec`). */
export const fulfillmentConfigSpec = {
  consumerGroup: {
    env: 'FULFILLMENT_CONSUMER_GROUP',
    doc: 'Kafka consumer group (and inbox name) of the saga consumer; tests give each run its own',
    default: 'shopgraph.fulfillment',
    parse: parse.string,
  } satisfies ConfigKey<string>,
  defaultCarrier: {
    env: 'FULFILLMENT_DEFAULT_CARRIER',
    doc: 'carrier recorded by dispatchShipment when the admin names none',
    default: 'PostNord',
    parse: parse.string,
  } satisfies ConfigKey<string>,
};

/** Every key, its env var and default: the platform's plus ours. */
export const configSpec = { ...serviceConfigSpec('fulfillment'), ...fulfillmentConfigSpec };
export type FulfillmentConfig = ConfigOf<typeof configSpec>;
