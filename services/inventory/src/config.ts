import { serviceConfigSpec, type ConfigOf } from '@shopgraph/platform';

/** Every key, its env var and default: see `serviceConfigSpec` in @shopgraph/platform. */
export const configSpec = serviceConfigSpec('inventory');
export type InventoryConfig = ConfigOf<typeof configSpec>;
