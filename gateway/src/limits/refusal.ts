import { GraphQLError } from 'graphql';
import { Counter, type Metrics } from '@shopgraph/platform';

/** Why the gateway refused an operation before planning it (the `reason` label). */
export type RefusalReason =
  | 'depth'
  | 'aliases'
  | 'directives'
  | 'tokens'
  | 'cost'
  | 'persisted_not_in_list'
  | 'persisted_not_found'
  | 'persisted_not_supported'
  | 'persisted_hash_mismatch'
  | 'persisted_invalid'
  | 'nul_byte';

const CODES: Record<RefusalReason, string> = {
  depth: 'OPERATION_TOO_DEEP',
  aliases: 'TOO_MANY_ALIASES',
  directives: 'TOO_MANY_DIRECTIVES',
  tokens: 'TOO_MANY_TOKENS',
  cost: 'OPERATION_TOO_COSTLY',
  persisted_not_in_list: 'PERSISTED_QUERY_NOT_IN_LIST',
  persisted_not_found: 'PERSISTED_QUERY_NOT_FOUND',
  persisted_not_supported: 'PERSISTED_QUERY_NOT_SUPPORTED',
  persisted_hash_mismatch: 'PERSISTED_QUERY_HASH_MISMATCH',
  persisted_invalid: 'BAD_REQUEST',
  nul_byte: 'BAD_USER_INPUT',
};

/**
 * A client's operation refused before planning: coded, HTTP 400 (Apollo reads extensions.http).
 * PERSISTED_QUERY_NOT_FOUND and _NOT_SUPPORTED keep Apollo's 200, which APQ clients expect
 * before they retry with the full text.
 */
export class RefusedOperation extends GraphQLError {
  readonly reason: RefusalReason;
  constructor(reason: RefusalReason, message: string) {
    const status = reason === 'persisted_not_found' || reason === 'persisted_not_supported' ? 200 : 400;
    super(message, { extensions: { code: CODES[reason], http: { status } } });
    this.reason = reason;
  }
}

/** The code a refusal carries, e.g. codeOf('depth') === 'OPERATION_TOO_DEEP'. */
export const codeOf = (reason: RefusalReason): string => CODES[reason];

/** Counts refusals by reason: shopgraph_gateway_operation_refusals_total{reason}. */
export function refusalCounter(metrics: Metrics): (reason: RefusalReason) => void {
  const counter = new Counter({
    name: 'shopgraph_gateway_operation_refusals_total',
    help: 'Operations refused before planning (limits, trusted documents, bad input), by reason.',
    labelNames: ['reason'] as const,
    registers: [metrics.registry],
  });
  return (reason) => counter.inc({ reason });
}
