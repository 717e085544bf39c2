import { consumerGroupConfigKey, parse, serviceConfigSpec } from '@shopgraph/platform';
import type { ConfigKey, ConfigOf } from '@shopgraph/platform';

/** Every key, its env var and default: see `serviceConfigSpec` in @shopgraph/platform, plus ours. */
export const configSpec = {
  ...serviceConfigSpec('payments'),
  consumerGroup: consumerGroupConfigKey('payments', 'saga'),
  slowDelayMs: {
    env: 'PAYMENT_SLOW_DELAY_MS',
    doc: 'how long the simulated provider takes to authorize tok_slow',
    default: 2_000,
    parse: parse.int(0, 120_000),
  } satisfies ConfigKey<number>,
  providerLatencyMs: {
    env: 'PAYMENT_PROVIDER_LATENCY_MS',
    doc: 'how long the simulated provider takes to answer a capture, void or refund it has already done',
    default: 0,
    parse: parse.int(0, 120_000),
  } satisfies ConfigKey<number>,
  claimTimeoutMs: {
    env: 'PAYMENT_CLAIM_TIMEOUT_MS',
    doc: 'an authorization or settlement claimed longer ago than this is retried by another worker (its own presumed dead); keep it above the slowest provider call',
    default: 30_000,
    parse: parse.int(1_000, 600_000),
  } satisfies ConfigKey<number>,
};

export type PaymentsConfig = ConfigOf<typeof configSpec>;
