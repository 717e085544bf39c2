import { consumerGroupConfigKey, parse, serviceConfigSpec } from '@shopgraph/platform';
import type { ConfigKey, ConfigOf } from '@shopgraph/platform';

/** Every key, its env var and default: see `serviceConfigSpec` in @shopgraph/platform, plus ours. */
export const configSpec = {
  ...serviceConfigSpec('fulfillment'),
  consumerGroup: consumerGroupConfigKey('fulfillment', 'saga'),
  defaultCarrier: {
    env: 'FULFILLMENT_DEFAULT_CARRIER',
    doc: 'carrier recorded by dispatchShipment when the admin names none',
    default: 'PostNord',
    parse: parse.string,
  } satisfies ConfigKey<string>,
};

export type FulfillmentConfig = ConfigOf<typeof configSpec>;
