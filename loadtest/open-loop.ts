import http from 'node:http';

/**
 * Constant-arrival load: one request every 1000/rate ms whether or not earlier ones have
 * answered (open loop, like k6's constant-arrival-rate), so queueing shows in the latencies.
 * autocannon's `overallRate` sends each second's quota in a burst, which measures the burst.
 */
export interface OpenLoopOptions {
  readonly url: string;
  /** The request body, or the i-th request's (e.g. a fresh idempotency key per request). */
  readonly body: string | ((i: number) => string);
  readonly headers?: Record<string, string> | ((i: number) => Record<string, string>);
  readonly rate: number;
  readonly seconds: number;
  /** A response counts as an error unless this accepts it (i: the request's index). @default status 200 */
  readonly ok?: (status: number, body: string, i: number) => boolean;
}

export interface OpenLoopResult {
  readonly requests: number;
  readonly errors: number;
  /** Milliseconds, sorted ascending. */
  readonly latencies: readonly number[];
}

export async function openLoop(opts: OpenLoopOptions): Promise<OpenLoopResult> {
  const url = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(opts.rate * opts.seconds);
  const accept = opts.ok ?? ((status: number) => status === 200);
  const latencies: number[] = [];
  let errors = 0;
  let sent = 0;
  await new Promise<void>((done) => {
    const finish = (started: number, failed: boolean) => {
      latencies.push(performance.now() - started);
      if (failed) errors++;
      if (latencies.length === total) done();
    };
    const fire = (i: number) => {
      const started = performance.now();
      const body = typeof opts.body === 'function' ? opts.body(i) : opts.body;
      const headers = typeof opts.headers === 'function' ? opts.headers(i) : opts.headers;
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            ...headers,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => finish(started, !accept(res.statusCode ?? 0, text, i)));
        },
      );
      req.on('error', () => finish(started, true));
      req.end(body);
    };
    const t0 = performance.now();
    const tick = () => {
      while (sent < total && performance.now() - t0 >= (sent * 1000) / opts.rate) {
        fire(sent++);
      }
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  return { requests: total, errors, latencies: latencies.sort((a, b) => a - b) };
}

/** The p-th percentile (0-100) of ascending-sorted values. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
