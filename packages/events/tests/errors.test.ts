import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { classifyError, EventValidationError, RetryableError } from '../src/index.ts';

/** An error as pg reports a server ErrorResponse (pg-protocol's DatabaseError with its SQLSTATE). */
function sqlError(code: string, message = `server said ${code}`): Error {
  const err = new pg.DatabaseError(message, message.length, 'error');
  err.code = code;
  return err;
}

/** A port on loopback nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('classifyError: which handler failures are retried until they pass', () => {
  it.each([
    ['40001', 'serialization_failure'],
    ['40P01', 'deadlock_detected'],
    ['55P03', 'lock_not_available (lock_timeout)'],
    ['57014', 'query_canceled (statement_timeout)'],
    ['53300', 'too_many_connections'],
    ['57P01', 'admin_shutdown (pg_terminate_backend, fast shutdown)'],
    ['57P02', 'crash_shutdown'],
    ['57P03', 'cannot_connect_now (starting up)'],
    ['08006', 'connection_failure'],
    ['08001', 'sqlclient_unable_to_establish_sqlconnection'],
  ])('when PostgreSQL answers %s (%s), then it is transient', (code) => {
    expect(classifyError(sqlError(code))).toBe('transient');
  });

  it('when the database cannot be reached at all (ECONNREFUSED from a real connect), then it is transient', async () => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port: await closedPort(),
      connectionTimeoutMillis: 2_000,
    });
    const err = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(classifyError(err)).toBe('transient');
  });

  it.each([
    'timeout exceeded when trying to connect',
    'Connection terminated unexpectedly',
    'Connection terminated due to connection timeout',
    'Client has encountered a connection error and is not queryable',
  ])('when pg or pg-pool says "%s", then it is transient', (message) => {
    expect(classifyError(new Error(message))).toBe('transient');
  });

  it('when the transient error is the cause of a wrapping error or inside an AggregateError, then it is transient', () => {
    expect(classifyError(new Error('reserve failed', { cause: sqlError('40P01') }))).toBe('transient');
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' });
    expect(classifyError(new AggregateError([refused], 'all addresses failed'))).toBe('transient');
  });

  it('when a handler throws RetryableError, then it is transient', () => {
    expect(classifyError(new RetryableError('read model not there yet'))).toBe('transient');
  });

  it.each([
    ['a rule violation of the handler', new Error('order 42 is not PENDING')],
    ['an invalid payload', new EventValidationError('shopgraph.x.Y.v1', [])],
    ['a unique violation (23505)', sqlError('23505')],
    ['a foreign key violation (23503)', sqlError('23503')],
    ['invalid text for a uuid (22P02)', sqlError('22P02')],
    ['a TypeError (a bug)', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a thrown string', 'boom'],
  ])('when the failure is %s, then it is permanent', (_what, err) => {
    expect(classifyError(err)).toBe('permanent');
  });
});
