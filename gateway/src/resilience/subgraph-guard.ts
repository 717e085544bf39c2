import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { Counter, Gauge, type Metrics } from '@shopgraph/platform';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from './breaker.ts';
import { classify, subgraphError } from './subgraph-errors.ts';

export interface ResilienceOptions extends BreakerOptions {
  /** Longest one subgraph call may take. */
  readonly subgraphTimeoutMs: number;
}

/** Where a request's deadline lives: an absolute `Date.now()` time, set when the request starts. */
export interface WithDeadline {
  readonly deadline?: number;
}

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

const STATES: readonly BreakerState[] = ['closed', 'open', 'half_open'];
const TIMED_OUT = Symbol('timed out');

/**
 * The seam between the gateway and whatever calls a subgraph: `run` puts one call under the
 * subgraph's circuit breaker, the per-subgraph timeout and the request's deadline (whichever
 * ends first), and turns a timeout or an unreachable subgraph into a coded error response
 * (SUBGRAPH_TIMEOUT / SUBGRAPH_UNAVAILABLE with serviceName) instead of a thrown error, so the
 * rest of the query plan still runs and the client gets partial data. Breaker states are in
 * /metrics as shopgraph_gateway_subgraph_circuit_state{subgraph,state} (1 = current).
 */
export class SubgraphGuards {
  readonly #opts: ResilienceOptions;
  readonly #breakers = new Map<string, CircuitBreaker>();
  readonly #state: Gauge<'subgraph' | 'state'>;
  readonly #transitions: Counter<'subgraph' | 'state'>;

  constructor(opts: ResilienceOptions, metrics: Metrics) {
    this.#opts = opts;
    this.#state = new Gauge({
      name: 'shopgraph_gateway_subgraph_circuit_state',
      help: 'Circuit breaker state per subgraph: 1 for the current state (closed, open, half_open), 0 otherwise; summed over GATEWAY_WORKERS, the number of workers in each state.',
      labelNames: ['subgraph', 'state'] as const,
      registers: [metrics.registry],
    });
    this.#transitions = new Counter({
      name: 'shopgraph_gateway_subgraph_circuit_transitions_total',
      help: 'Circuit breaker state changes per subgraph, by the state entered.',
      labelNames: ['subgraph', 'state'] as const,
      registers: [metrics.registry],
    });
  }

  /** The breaker of one subgraph, kept across supergraph reloads (names come from the supergraph). */
  breaker(subgraph: string): CircuitBreaker {
    let breaker = this.#breakers.get(subgraph);
    if (breaker === undefined) {
      const show = (current: BreakerState) => {
        for (const s of STATES) this.#state.set({ subgraph, state: s }, s === current ? 1 : 0);
      };
      breaker = new CircuitBreaker(this.#opts, (s) => {
        show(s);
        this.#transitions.inc({ subgraph, state: s });
      });
      this.#breakers.set(subgraph, breaker);
      show('closed');
    }
    return breaker;
  }

  /** Runs one call to `subgraph` under its breaker, its timeout and the request's `deadline`. */
  async run(
    subgraph: string,
    deadline: number | undefined,
    call: () => Promise<GatewayGraphQLResponse>,
  ): Promise<GatewayGraphQLResponse> {
    const budget = Math.min(
      this.#opts.subgraphTimeoutMs,
      deadline === undefined ? Infinity : deadline - Date.now(),
    );
    if (budget <= 0) return { errors: [subgraphError(subgraph, 'timeout', 'request deadline reached')] };
    const breaker = this.breaker(subgraph);
    if (!breaker.tryAcquire()) return { errors: [subgraphError(subgraph, 'unavailable', 'circuit open')] };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<typeof TIMED_OUT>(
      (resolve) => (timer = setTimeout(resolve, budget, TIMED_OUT)),
    );
    let pending: Promise<GatewayGraphQLResponse>;
    try {
      pending = call();
    } catch (err) {
      pending = Promise.reject(err as Error); // a data source that throws before its first await
    }
    pending.catch(() => undefined); // it may fail after we gave up on it
    try {
      const result = await Promise.race([pending, timedOut]);
      if (result === TIMED_OUT) {
        breaker.failure();
        return { errors: [subgraphError(subgraph, 'timeout', `no answer within ${Math.round(budget)} ms`)] };
      }
      breaker.success();
      return result;
    } catch (err) {
      const failure = classify(err);
      if (failure === undefined) {
        breaker.success();
        throw err;
      }
      breaker.failure();
      return {
        errors: [subgraphError(subgraph, failure, failure === 'timeout' ? 'timed out' : 'no answer')],
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /** `source` with every operation it sends put under `run` (health checks and schema loads pass through). */
  wrap<C extends WithDeadline>(subgraph: string, source: GraphQLDataSource<C>): GraphQLDataSource<C> {
    return {
      process: (options: GraphQLDataSourceProcessOptions<C>) =>
        // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported)
        String(options.kind) === 'incoming operation'
          ? this.run(subgraph, (options as { context?: C }).context?.deadline, () => source.process(options))
          : source.process(options),
    };
  }
}
