// Test clients of the gateway's subscriptions: graphql-ws over a real WebSocket, and GraphQL
// over SSE read off a plain fetch stream. Each collects what arrives and lets a test wait for it.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Result {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/** Everything one subscription received, and a way to wait for more. */
export class Received {
  readonly results: Result[] = [];
  ended = false;
  readonly #waiters: (() => void)[] = [];

  push(result: Result): void {
    this.results.push(result);
    this.#notify();
  }

  end(): void {
    this.ended = true;
    this.#notify();
  }

  /** Waits until `done(results)` holds (or fails when the stream ended without it). */
  async until(done: (results: Result[]) => boolean, what: string): Promise<Result[]> {
    for (;;) {
      if (done(this.results)) return this.results;
      if (this.ended) throw new Error(`stream ended before ${what}: ${JSON.stringify(this.results)}`);
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  get codes(): unknown[] {
    return this.results.flatMap((r) => (r.errors ?? []).map((e) => e.extensions?.['code']));
  }

  #notify(): void {
    for (const w of this.#waiters.splice(0)) w();
  }
}

/** A graphql-ws client (token in connectionParams) that retries, as a browser's would. */
export function wsClient(url: string, authorization?: string, retry = false): Client {
  return createClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: retry ? 300 : 0,
    retryWait: () => new Promise((r) => setTimeout(r, 200)),
    shouldRetry: () => retry,
  });
}

export function wsSubscribe(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Received {
  const received = new Received();
  client.subscribe(
    { query, variables },
    {
      next: (r) => received.push(r as Result),
      error: (err) => {
        const errors = Array.isArray(err) ? (err as Result['errors']) : [{ message: String(err) }];
        received.push({ errors: errors ?? [] });
        received.end();
      },
      complete: () => received.end(),
    },
  );
  return received;
}

/** POST /graphql/stream with Accept: text/event-stream; `next` events become results. */
export function sseSubscribe(
  gatewayUrl: string,
  query: string,
  variables: Record<string, unknown>,
  authorization?: string,
): { received: Received; status: Promise<number>; abort: () => void } {
  const received = new Received();
  const controller = new AbortController();
  const status = fetch(gatewayUrl.replace(/\/graphql$/, '/graphql/stream'), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  }).then((res) => {
    void (async () => {
      let buffer = '';
      try {
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          buffer += r.value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(message)?.[1];
            const data = /^data: (.*)$/m.exec(message)?.[1];
            if (event === 'next' && data) received.push(JSON.parse(data) as Result);
          }
        }
      } catch {
        // aborted
      }
      received.end();
    })();
    return res.status;
  });
  return { received, status, abort: () => controller.abort() };
}
