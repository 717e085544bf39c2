// Shared by every k6 scenario: loads a named operation from loadtest/operations and posts it.
import http from 'k6/http';
import { check } from 'k6';

export const GATEWAY_URL = __ENV.GATEWAY_URL || 'http://localhost:4000/graphql';

/** Reads loadtest/operations/<name>.graphql (init context only, as k6 requires for open()). */
export function operation(name: string): string {
  return open(`../../operations/${name}.graphql`);
}

/** Posts one operation; checks HTTP 200 and no GraphQL errors; tags the request by operation. */
export function post(
  name: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): unknown {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = http.post(GATEWAY_URL, JSON.stringify({ query, variables, operationName: name }), {
    headers,
    tags: { operation: name },
  });
  const body = res.json() as { data?: unknown; errors?: unknown[] } | null;
  check(res, {
    'status is 200': (r) => r.status === 200,
    'no GraphQL errors': () => !body?.errors || body.errors.length === 0,
  });
  return body?.data;
}
