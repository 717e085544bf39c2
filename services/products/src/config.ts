import { parse, serviceConfigSpec, type ConfigKey, type ConfigOf } from '@shopgraph/platform';

/** Every key, its env var and default: see `serviceConfigSpec` in @shopgraph/platform, plus ours. */
export const configSpec = {
  ...serviceConfigSpec('products'),
  consumerGroup: {
    env: 'PRODUCTS_CONSUMER_GROUP',
    doc: 'Kafka consumer group (and inbox name) of the brand/stock consumer; tests give each run its own',
    default: 'shopgraph.products',
    parse: parse.string,
  } satisfies ConfigKey<string>,
};

export type ProductsConfig = ConfigOf<typeof configSpec>;
