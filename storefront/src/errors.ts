// What went wrong, in a shopper's words. Raw GraphQL error text never reaches the screen:
// errors are classified by extensions.code and HTTP status, and each page picks its sentence.
import type { CombinedError } from 'urql';

export type Problem =
  | 'offline' // the gateway (or the network) did not answer
  | 'expired' // the session's token was rejected
  | 'forbidden'
  | 'invalid' // BAD_USER_INPUT
  | 'conflict'
  | 'not-found'
  | 'unknown';

const byCode: Record<string, Problem> = {
  UNAUTHENTICATED: 'expired',
  FORBIDDEN: 'forbidden',
  BAD_USER_INPUT: 'invalid',
  CONFLICT: 'conflict',
  NOT_FOUND: 'not-found',
};

export function problemOf(error: CombinedError): Problem {
  const status = (error.response as Response | undefined)?.status;
  if (status === 401) return 'expired';
  for (const e of error.graphQLErrors) {
    const code = e.extensions?.['code'];
    if (typeof code === 'string' && byCode[code]) return byCode[code];
  }
  if (error.networkError || (status !== undefined && status >= 500)) return 'offline';
  return 'unknown';
}

/** Sentences every page can fall back on. */
export const generic: Record<Problem, string> = {
  offline: "We can't reach the shop right now. Check your connection and try again.",
  expired: 'Your session has expired. Please log in again.',
  forbidden: "You don't have access to this.",
  invalid: 'Some details are not right. Please check them and try again.',
  conflict: 'That could not be done right now.',
  'not-found': "We couldn't find that.",
  unknown: 'Something went wrong on our side. Please try again.',
};
