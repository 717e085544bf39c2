/**
 * Whether a failed event handler may succeed by itself later (`transient`: the consumer pauses
 * the partition and retries for as long as it takes, never dead-letters) or will fail the same
 * way every time (`permanent`: retried `maxAttempts` times, then dead-lettered).
 */
export type ErrorKind = 'transient' | 'permanent';

/**
 * Thrown by a handler that knows its failure will pass (a dependency not there yet): treated as
 * transient like a lost database connection.
 */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}

/**
 * SQLSTATEs that say nothing about the event: serialization_failure, deadlock_detected,
 * lock_not_available (lock_timeout), query_canceled (statement_timeout), too_many_connections,
 * admin_shutdown, crash_shutdown, cannot_connect_now. Class 08 (connection exception) below.
 */
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '55P03', '57014', '53300', '57P01', '57P02', '57P03']);

/** Socket errors on the way to the database. */
const TRANSIENT_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** pg and pg-pool report a dead or unavailable connection without a code, by these messages. */
const TRANSIENT_MESSAGES = [
  'timeout exceeded when trying to connect', // pg-pool: every client busy past connectionTimeoutMillis
  'Connection terminated', // "... unexpectedly", "... due to connection timeout"
  'connection error and is not queryable',
  'Client was closed and is not queryable',
  'Cannot use a pool after calling end on the pool', // shutting down: redelivered after restart
];

/** Classifies what a handler (or the consumer's own inbox query) threw; see ErrorKind. */
export function classifyError(err: unknown): ErrorKind {
  return causes(err).some(isTransientOne) ? 'transient' : 'permanent';
}

function isTransientOne(e: unknown): boolean {
  if (e instanceof RetryableError) return true;
  if (typeof e !== 'object' || e === null) return false;
  const { code, message } = e as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (TRANSIENT_ERRNOS.has(code)) return true;
  }
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => message.includes(m));
}

/** The error, its `cause` chain and an AggregateError's members (Node's multi-address connect). */
function causes(err: unknown, depth = 0): unknown[] {
  if (depth > 5 || typeof err !== 'object' || err === null) return [err];
  const out: unknown[] = [err];
  const { cause, errors } = err as { cause?: unknown; errors?: unknown };
  if (cause !== undefined) out.push(...causes(cause, depth + 1));
  if (Array.isArray(errors)) for (const e of errors) out.push(...causes(e, depth + 1));
  return out;
}
