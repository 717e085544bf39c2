/** closed: calls go; open: calls fail fast until the cool-down ends; half_open: one probe goes. */
export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  /** Consecutive failures that open the circuit; 0 turns the breaker off. */
  readonly failureThreshold: number;
  /** How long an open circuit fails fast before it lets one probe through. */
  readonly cooldownMs: number;
}

/**
 * A per-subgraph circuit breaker: after `failureThreshold` consecutive failures (timeouts,
 * refused connections, 5xx) calls fail fast for `cooldownMs`; then one probe is let through
 * (half-open): its success closes the circuit, its failure opens it for another cool-down.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;
  readonly #opts: BreakerOptions;
  readonly #onChange: (state: BreakerState) => void;
  readonly #now: () => number;

  constructor(
    opts: BreakerOptions,
    onChange: (state: BreakerState) => void = () => undefined,
    now = Date.now,
  ) {
    this.#opts = opts;
    this.#onChange = onChange;
    this.#now = now;
  }

  get state(): BreakerState {
    return this.#state;
  }

  /** True when a call may go now (and, when half-open, makes it the probe). */
  tryAcquire(): boolean {
    if (this.#opts.failureThreshold <= 0 || this.#state === 'closed') return true;
    if (this.#state === 'open') {
      if (this.#now() - this.#openedAt < this.#opts.cooldownMs) return false;
      this.#set('half_open');
    }
    if (this.#probing) return false;
    this.#probing = true;
    return true;
  }

  /** The subgraph answered. */
  success(): void {
    this.#failures = 0;
    if (this.#state === 'half_open') {
      this.#probing = false;
      this.#set('closed');
    }
  }

  /** The subgraph timed out, refused the connection or answered 5xx. */
  failure(): void {
    if (this.#opts.failureThreshold <= 0) return;
    if (this.#state === 'half_open') {
      this.#probing = false;
      this.#open();
    } else if (this.#state === 'closed' && ++this.#failures >= this.#opts.failureThreshold) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#failures = 0;
    this.#set('open');
  }

  #set(state: BreakerState): void {
    this.#state = state;
    this.#onChange(state);
  }
}
