import net from 'node:net';
import { loadConfig } from '@shopgraph/platform';
import { IDENTITY_KEYS_ENV } from '@shopgraph/testing';
import { configSpec } from '../../src/config.ts';
import { createGateway, type GatewayService } from '../../src/server.ts';

/** A loopback port nothing listens on (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface StartedGateway {
  readonly gateway: GatewayService;
  readonly url: string;
  /** Error-level log lines written while the gateway ran. */
  readonly errorLogs: unknown[];
  /** Messages of the info-level log lines (whatever LOG_LEVEL says). */
  readonly infoMessages: string[];
  metrics(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real gateway in this process on port 0, with `env` on top of quiet test defaults and the
 * test identity key (subgraphs from testServiceConfig verify its tokens).
 */
export async function startGateway(env: NodeJS.ProcessEnv): Promise<StartedGateway> {
  const gateway = createGateway(
    loadConfig(configSpec, {
      GATEWAY_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ...IDENTITY_KEYS_ENV,
      ...env,
    }),
  );
  const errorLogs: unknown[] = [];
  const error = gateway.logger.error.bind(gateway.logger);
  gateway.logger.error = ((...args: Parameters<typeof error>) => {
    errorLogs.push(args);
    error(...args);
  }) as typeof gateway.logger.error;
  const infoMessages: string[] = [];
  const info = gateway.logger.info.bind(gateway.logger);
  gateway.logger.info = ((...args: Parameters<typeof info>) => {
    infoMessages.push(String(typeof args[0] === 'string' ? args[0] : args[1]));
    info(...args);
  }) as typeof gateway.logger.info;
  const { url } = await gateway.start();
  return {
    gateway,
    url,
    errorLogs,
    infoMessages,
    metrics: async () => (await fetch(url.replace('/graphql', '/metrics'))).text(),
    stop: () => gateway.stop(),
  };
}

/** POSTs a GraphQL body as JSON; returns status and parsed body (or text when not JSON). */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = { errors: [{ message: text }] };
  }
  return { status: res.status, json };
}

export const codes = (r: { json: { errors?: { extensions?: Record<string, unknown> }[] } }) =>
  (r.json.errors ?? []).map((e) => e.extensions?.['code']);

/** The value of one series in a Prometheus text exposition (0 when absent). */
export function seriesValue(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      return Number(line.split(' ').pop());
  }
  return 0;
}
