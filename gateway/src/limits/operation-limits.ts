import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { CostCache } from './cost-cache.ts';
import { RefusedOperation, type RefusalReason } from './refusal.ts';

/** Each limit; 0 turns that one off. */
export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxDirectives: number;
  readonly maxTokens: number;
  readonly maxCost: number;
  /** Items assumed for a list without `first`/`last` (see list-size-cost.ts). */
  readonly defaultListSize: number;
}

export interface LimitsWiring<C extends BaseContext> {
  /** graphql-js stops lexing after this many tokens: the document is never fully parsed. */
  readonly parseOptions: ParseOptions;
  /** Depth, aliases, directives (graphql-armor), run once per new document by Apollo. */
  readonly validationRules: ValidationRule[];
  /** The cost limit, which needs the variables (`first: $n`): before planning, per request. */
  readonly plugin: ApolloServerPlugin<C>;
}

const badVariables = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

// graphql-js 16 says "more that"; accept the spelling it may be fixed to.
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] \d+ tokens/;

/** True when graphql-js gave up on a document because of `maxTokens`. */
export const isTokenLimitError = (message: string): boolean => TOKEN_LIMIT_MESSAGE.test(message);

/**
 * The operation limits, checked before the gateway plans (or the subgraphs see) anything:
 * tokens while lexing, depth/aliases/directives while validating, cost once the variables
 * are known (didResolveOperation precedes query planning). Each refusal is a coded 400
 * (see refusal.ts) counted by `refused`.
 */
export function operationLimits<C extends BaseContext>(
  limits: OperationLimits,
  refused: (reason: RefusalReason) => void,
): LimitsWiring<C> {
  const rejectAs = (reason: RefusalReason) => ({
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null, err: GraphQLError) => {
        refused(reason);
        ctx?.reportError(new RefusedOperation(reason, err.message.replace(/^Syntax Error: /, '')));
      },
    ],
  });
  const validationRules: ValidationRule[] = [];
  if (limits.maxDepth > 0)
    validationRules.push(maxDepthRule({ n: limits.maxDepth, ...rejectAs('depth') }) as never);
  if (limits.maxAliases > 0)
    validationRules.push(maxAliasesRule({ n: limits.maxAliases, ...rejectAs('aliases') }) as never);
  if (limits.maxDirectives > 0)
    validationRules.push(maxDirectivesRule({ n: limits.maxDirectives, ...rejectAs('directives') }) as never);
  const costs = new CostCache({ defaultListSize: limits.defaultListSize });
  return {
    parseOptions: limits.maxTokens > 0 ? { maxTokens: limits.maxTokens } : {},
    validationRules,
    plugin: {
      async requestDidStart() {
        return {
          async parsingDidStart() {
            return async (err?: Error) => {
              if (err !== undefined && isTokenLimitError(err.message)) refused('tokens');
            };
          },
          async didResolveOperation({ schema, document, request, operation, operationName }) {
            if (limits.maxCost <= 0 || operation === undefined) return;
            let cost: number;
            try {
              cost = costs.cost(schema, document, request.variables ?? {}, operationName ?? undefined);
            } catch (err) {
              // Variables that do not fit their types: the client's mistake, said as such.
              const message = (err as Error).message;
              if (message.startsWith('Variable "')) throw badVariables(message);
              cost = Infinity;
            }
            if (cost > limits.maxCost) {
              refused('cost');
              throw new RefusedOperation(
                'cost',
                `Operation cost ${cost} exceeds the limit of ${limits.maxCost}.`,
              );
            }
          },
        };
      },
    },
  };
}
