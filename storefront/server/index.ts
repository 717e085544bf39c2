import { loadStorefrontConfig } from './config.ts';
import { createStorefrontServer } from './server.ts';

let config;
try {
  config = loadStorefrontConfig();
} catch (err) {
  console.error(`storefront: ${(err as Error).message}`);
  process.exit(1);
}
const server = createStorefrontServer(config);
const { url } = await server.start();
console.log(JSON.stringify({ level: 'info', msg: 'storefront ready', url, gateway: config.gatewayUrl.href }));
const stop = () => void server.stop().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
