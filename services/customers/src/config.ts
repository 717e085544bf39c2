import { jwtSignerConfigSpec, serviceConfigSpec, type ConfigOf } from '@shopgraph/platform';

/**
 * Every key, its env var and default: see `serviceConfigSpec` and `jwtSignerConfigSpec` in
 * @shopgraph/platform. customers is the one service that signs access tokens (JWT_PRIVATE_KEY).
 */
export const configSpec = { ...serviceConfigSpec('customers'), ...jwtSignerConfigSpec };
export type CustomersConfig = ConfigOf<typeof configSpec>;
