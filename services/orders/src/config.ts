import { consumerGroupConfigKey, parse, serviceConfigSpec } from '@shopgraph/platform';
import type { ConfigKey, ConfigOf } from '@shopgraph/platform';

/** Every key, its env var and default: see `serviceConfigSpec` in @shopgraph/platform, plus ours. */
export const configSpec = {
  ...serviceConfigSpec('orders'),
  pendingTimeoutMs: {
    env: 'ORDER_PENDING_TIMEOUT_MS',
    doc: 'a PENDING order older than this is cancelled by the sweeper (stock or payment never answered)',
    default: 900_000,
    parse: parse.int(1_000, 7 * 24 * 3_600_000),
  } satisfies ConfigKey<number>,
  addressWaitMs: {
    env: 'ORDER_ADDRESS_WAIT_MS',
    doc: 'an order whose shipping address the read model has not learned after this is cancelled by the sweeper',
    default: 60_000,
    parse: parse.int(1_000, 24 * 3_600_000),
  } satisfies ConfigKey<number>,
  sweepIntervalMs: {
    env: 'ORDER_SWEEP_INTERVAL_MS',
    doc: 'how often the sweeper looks for PENDING orders past the timeout (0 turns it off)',
    default: 30_000,
    parse: parse.int(0, 3_600_000),
  } satisfies ConfigKey<number>,
  consumerGroup: consumerGroupConfigKey('orders', 'orders'),
};

export type OrdersConfig = ConfigOf<typeof configSpec>;
