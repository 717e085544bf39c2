import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { maskInternalErrors, type Logger } from '@shopgraph/platform';
import { isTokenLimitError } from './limits/operation-limits.ts';
import { codeOf, RefusedOperation } from './limits/refusal.ts';

/** Codes that mean the client sent something wrong: logged at debug, never as errors. */
const CLIENT_CODES = new Set<string>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  'UNAUTHENTICATED',
]);

/**
 * The gateway's formatError: a limit refusal keeps its own code (Apollo re-codes validation
 * errors as GRAPHQL_VALIDATION_FAILED; graphql-js's token limit is a syntax error), client
 * mistakes go to the log at debug level, and anything else is masked and logged by the
 * platform's maskInternalErrors.
 */
export function formatGatewayError(logger: Logger) {
  const mask = maskInternalErrors(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    let code = formatted.extensions?.['code'] as string | undefined;
    if (original instanceof RefusedOperation) code = codeOf(original.reason);
    else if (code === ApolloServerErrorCode.GRAPHQL_PARSE_FAILED && isTokenLimitError(formatted.message))
      code = codeOf('tokens');
    else if (error instanceof RefusedOperation) code = codeOf(error.reason);
    if (code !== undefined && code !== formatted.extensions?.['code'])
      formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    if (
      code !== undefined &&
      (CLIENT_CODES.has(code) || error instanceof RefusedOperation || original instanceof RefusedOperation)
    ) {
      logger.debug({ code, message: formatted.message }, 'client error');
      return formatted;
    }
    return mask(formatted, error);
  };
}
