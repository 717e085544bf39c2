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
  dispatchWaitMs: {
    env: 'FULFILLMENT_DISPATCH_WAIT_MS',
    doc: "how long dispatchShipment waits for orders to accept (or a cancel to win) before it answers with the still PENDING shipment; keep it below the gateway's SUBGRAPH_TIMEOUT_MS",
    default: 2_000,
    parse: parse.int(0, 60_000),
  } satisfies ConfigKey<number>,
};

export type FulfillmentConfig = ConfigOf<typeof configSpec>;
