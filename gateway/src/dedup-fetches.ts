interface Entry<T> {
  result: Promise<T>;
  waiters: number;
  taken: number;
}

/**
 * In-flight deduplication: while a call for a key is running, later callers with the same
 * key wait for it instead of starting their own. Nothing is cached: the entry is removed
 * before the call's result is handed out, so the map holds at most one entry per call in
 * flight. Each caller gets its own copy of the result (the last one the original), because
 * the gateway merges subgraph data into its response objects in place.
 */
export class Inflight<T> {
  readonly #running = new Map<string, Entry<T>>();
  readonly #copy: (value: T) => T;

  constructor(copy: (value: T) => T) {
    this.#copy = copy;
  }

  /** Calls in flight now (the bound of the map). */
  get size(): number {
    return this.#running.size;
  }

  /** Runs `call` unless one for `key` is already running; `shared` says which happened. */
  run(key: string, call: () => Promise<T>): { result: Promise<T>; shared: boolean } {
    let entry = this.#running.get(key);
    const shared = entry !== undefined;
    if (entry === undefined) {
      const created = { waiters: 0, taken: 0 } as Entry<T>;
      this.#running.set(key, created);
      created.result = (async () => {
        try {
          return await call();
        } finally {
          if (this.#running.get(key) === created) this.#running.delete(key);
        }
      })();
      entry = created;
    }
    const joined = entry;
    joined.waiters++;
    const result = joined.result.then((value) =>
      ++joined.taken === joined.waiters ? value : this.#copy(value),
    );
    return { result, shared };
  }
}

/**
 * Deep copy of a JSON value (what JSON.parse returns); several times cheaper than parsing
 * the text again.
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const copy = cloneJson((value as Record<string, unknown>)[key]);
    // JSON.parse makes "__proto__" an own key; a plain assignment would set the prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true });
    else out[key] = copy;
  }
  return out as T;
}
