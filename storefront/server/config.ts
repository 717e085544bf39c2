/** The storefront server's settings, read once from the environment and validated. */
export interface StorefrontConfig {
  /** STOREFRONT_PORT or PORT. @default 3000 (0 picks a free port) */
  readonly port: number;
  /** HOST. @default '0.0.0.0' */
  readonly host: string;
  /** GATEWAY_URL: where /graphql is proxied to. @default 'http://127.0.0.1:4000/graphql' */
  readonly gatewayUrl: URL;
  /** STOREFRONT_DIST: the built app (vite build). @default storefront/dist */
  readonly distDir: string;
}

export function loadStorefrontConfig(env: NodeJS.ProcessEnv = process.env): StorefrontConfig {
  const rawPort = env['STOREFRONT_PORT'] ?? env['PORT'] ?? '3000';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`STOREFRONT_PORT: '${rawPort}' is not a port (0-65535)`);
  const rawGateway = env['GATEWAY_URL'] ?? 'http://127.0.0.1:4000/graphql';
  let gatewayUrl: URL;
  try {
    gatewayUrl = new URL(rawGateway);
  } catch {
    throw new Error(`GATEWAY_URL: '${rawGateway}' is not a URL`);
  }
  if (gatewayUrl.protocol !== 'http:') throw new Error(`GATEWAY_URL: '${rawGateway}' must be http://`);
  return {
    port,
    host: env['HOST'] ?? '0.0.0.0',
    gatewayUrl,
    distDir: env['STOREFRONT_DIST'] ?? new URL('../dist', import.meta.url).pathname,
  };
}
