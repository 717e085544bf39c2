import type { ExecutionResult } from 'graphql';

/** A payload on its way to the client, with the time of the event that caused it (none: current state). */
export interface Payload {
  readonly result: ExecutionResult;
  readonly eventTime?: number;
}

export interface PayloadStreamOptions {
  /** Most payloads (queued plus still resolving) a subscriber may be behind by. */
  readonly bound: number;
  /** Called once when the subscriber falls further behind than `bound`. */
  readonly onOverflow: () => void;
  /** Called with each payload as the transport takes it (metrics). */
  readonly onSent: (payload: Payload) => void;
  /** Called once when the stream ends, whichever side ends it. */
  readonly onClose: () => void;
}

/**
 * One subscription's payloads, in order: an async iterator the transport pulls from. Work is
 * chained (`enqueue`), so payloads keep event order even though each resolves asynchronously;
 * what is queued or still resolving is bounded: past `bound` the subscriber is dropped.
 */
export class PayloadStream implements AsyncIterableIterator<ExecutionResult> {
  readonly #opts: PayloadStreamOptions;
  readonly #queue: Payload[] = [];
  #pending = 0;
  #chain: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  #final: ExecutionResult | undefined;
  #closed = false;
  #ending = false;

  constructor(opts: PayloadStreamOptions) {
    this.#opts = opts;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Queues work producing the next payload (or none); runs after every earlier one. */
  enqueue(work: () => Promise<Payload | undefined>): void {
    if (this.#closed || this.#ending) return;
    if (this.#pending + this.#queue.length >= this.#opts.bound) {
      this.#opts.onOverflow();
      return;
    }
    this.#pending++;
    this.#chain = this.#chain.then(async () => {
      const payload = this.#closed ? undefined : await work().catch(() => undefined);
      this.#pending--;
      if (payload !== undefined && !this.#closed) this.#queue.push(payload);
      this.#wake?.();
    });
  }

  /** Ends the stream after what is queued, with `final` (e.g. an UNAUTHENTICATED error) last. */
  end(final?: ExecutionResult): void {
    if (this.#closed || this.#ending) return;
    this.#ending = true;
    this.#final = final;
    this.#chain = this.#chain.then(() => this.#wake?.());
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      if (this.#closed) return { done: true, value: undefined };
      const payload = this.#queue.shift();
      if (payload !== undefined) {
        this.#opts.onSent(payload);
        return { done: false, value: payload.result };
      }
      if (this.#ending && this.#pending === 0) {
        const final = this.#final;
        this.#final = undefined;
        if (final !== undefined) return { done: false, value: final };
        this.#close();
        return { done: true, value: undefined };
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.#close();
    return { done: true, value: undefined };
  }

  async throw(): Promise<IteratorResult<ExecutionResult>> {
    return this.return();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.#wake?.();
    this.#opts.onClose();
  }
}
