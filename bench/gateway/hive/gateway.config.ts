// Hive Gateway as The Guild's own gateway benchmark configures it (graphql-hive/
// graphql-gateways-benchmark, gateways/hive-gateway): inbound in-flight deduplication on;
// run with NODE_ENV=production, --jit, and --hive-router-runtime for the Rust planner.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  inboundInflightRequestDeduplication: true,
});
