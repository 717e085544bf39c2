interface Sleeper {
  readonly wakeable: boolean;
  readonly done: () => void;
}

/** A sleep that ends early on `wake()` (NOTIFY) or `stop()`; a wake before the sleep is not lost. */
export class Waker {
  #pending = false;
  #stopped = false;
  readonly #sleepers = new Set<Sleeper>();

  get stopped(): boolean {
    return this.#stopped;
  }

  wake(): void {
    this.#pending = true;
    for (const s of this.#sleepers) if (s.wakeable) s.done();
  }

  stop(): void {
    this.#stopped = true;
    for (const s of this.#sleepers) s.done();
  }

  /** Forget wakes seen so far (call just before reading the work they announce). */
  clear(): void {
    this.#pending = false;
  }

  /** Sleeps up to `ms`; with `wakeable` false (a backoff) only stop() ends it early. */
  sleep(ms: number, wakeable = true): Promise<void> {
    if (this.#stopped || (wakeable && this.#pending)) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        wakeable,
        done: () => {
          clearTimeout(timer);
          this.#sleepers.delete(sleeper);
          resolve();
        },
      };
      const timer = setTimeout(sleeper.done, ms);
      this.#sleepers.add(sleeper);
    });
  }
}

/** Exponential backoff with jitter: attempt 1 -> about initialMs, doubling up to maxMs. */
export function backoffMs(attempt: number, initialMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
