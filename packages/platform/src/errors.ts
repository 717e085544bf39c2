import { GraphQLError } from 'graphql';

/** The error codes clients can rely on (DESIGN.md "Core operations"). */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

function coded(code: ErrorCode, message: string, details?: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** Input that breaks a rule; `field` names the input path the client should fix. */
export const badUserInput = (message: string, field?: string): GraphQLError =>
  coded('BAD_USER_INPUT', message, field === undefined ? undefined : { field });
export const conflict = (message: string, field?: string): GraphQLError =>
  coded('CONFLICT', message, field === undefined ? undefined : { field });
export const notFound = (message: string): GraphQLError => coded('NOT_FOUND', message);
export const forbidden = (message = 'not allowed'): GraphQLError => coded('FORBIDDEN', message);
export const unauthenticated = (message = 'authentication required'): GraphQLError =>
  coded('UNAUTHENTICATED', message);

/** True for a PostgreSQL unique-violation, optionally on a given constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
