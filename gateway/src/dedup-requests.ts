import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import { encodeIdentity } from '@shopgraph/platform';
import type { GatewayContext } from './auth.ts';
import { Inflight } from './dedup-fetches.ts';

/**
 * Inbound in-flight deduplication: identical query operations (same document text, operation
 * name, variables and verified identity) that arrive while one of them is executing share its
 * execution, so a burst of the same storefront query plans and fetches once. Mutations and
 * subscriptions always run on their own. The shared result's `data` is read-only from here on
 * (Apollo Server only serialises it); each request gets its own result and errors array.
 */
export function dedupRequests(
  gateway: GatewayInterface,
  onExecute?: (shared: boolean) => void,
): GatewayInterface {
  const inflight = new Inflight<GatewayExecutionResult>((r) => ({
    ...r,
    ...(r.errors ? { errors: [...r.errors] } : {}),
  }));
  const wrap =
    (executor: GatewayExecutor): GatewayExecutor =>
    (requestContext) => {
      const operation = requestContext.operation;
      const source = requestContext.source;
      if (operation?.operation !== 'query' || source === undefined) return executor(requestContext);
      const { identity } = requestContext.context as Partial<GatewayContext>;
      const key = [
        identity === undefined ? '' : encodeIdentity(identity),
        requestContext.request.operationName ?? '',
        JSON.stringify(requestContext.request.variables ?? {}),
        source,
      ].join('\n');
      const { result, shared } = inflight.run(key, () => executor(requestContext));
      onExecute?.(shared);
      return result;
    };
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: loaded.executor && wrap(loaded.executor) };
    },
    stop: () => gateway.stop(),
  };
}
