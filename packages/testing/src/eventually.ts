import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `check` until it returns a value (not undefined or false), or fails naming `what` after
 * `ms`: the one way tests wait for something that happens elsewhere (events travel through
 * Kafka, a worker picks a job up). It waits for a positive signal; it asserts no duration.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  ms = 30_000,
  what = 'condition',
  pollMs = 50,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(pollMs);
  }
}
