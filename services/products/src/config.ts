import { consumerGroupConfigKey, serviceConfigSpec, type ConfigOf } from '@shopgraph/platform';

/** Every key, its env var and default: see `serviceConfigSpec` in @shopgraph/platform, plus ours. */
export const configSpec = {
  ...serviceConfigSpec('products'),
  consumerGroup: consumerGroupConfigKey('products', 'brand/stock'),
};

export type ProductsConfig = ConfigOf<typeof configSpec>;
