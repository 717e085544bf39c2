import { getNamedType, isCompositeType, isListType, isNonNullType, type GraphQLOutputType } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { DocumentNode, GraphQLSchema } from 'graphql';

/** How the cost of an operation is estimated (IBM's GraphQL cost spec, `@listSize`-style). */
export interface ListSizeCostOptions {
  /** Items assumed for a list with no `first`/`last` argument given (and no default). */
  readonly defaultListSize: number;
}

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * Cost of one field: 1 for an object (0 for a scalar) plus its selections, times the number
 * of items it returns. A field with a `first`/`last` argument returns that many items (its
 * value, the schema's default, or `defaultListSize`); the `edges`/`nodes` lists of a
 * `...Connection` type are sized by that argument on the field that returned the connection,
 * as `@listSize(slicingArguments: ["first", "last"], sizedFields: ["edges"])` would say; any
 * other list is assumed to hold `defaultListSize` items. So
 * `products(first: 100) { edges { node { brand { products(first: 100) { ... } } } } }`
 * costs about 100 × 100 × the inner selection, what the subgraphs would really be asked for.
 */
export function listSizeEstimator(opts: ListSizeCostOptions): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    // Introspection (__schema, __type and what they return) is allowed or not by
    // GRAPHQL_INTROSPECTION, not priced: GraphiQL's query would cost ~100 000 here.
    if (field.name.startsWith('__') || type.name.startsWith('__')) return 0;
    const own = isCompositeType(getNamedType(field.type)) ? 1 : 0;
    const slicing = field.args.some((a) => a.name === 'first' || a.name === 'last');
    if (slicing) {
      const size = Number(args['first'] ?? args['last'] ?? opts.defaultListSize);
      return own + Math.max(0, Number.isFinite(size) ? size : opts.defaultListSize) * childComplexity;
    }
    if (isList(field.type) && !type.name.endsWith('Connection'))
      return own + opts.defaultListSize * childComplexity;
    return own + childComplexity;
  };
}

/**
 * The estimated cost of the operation `operationName` of `document` with `variables`; throws
 * graphql-query-complexity's error when the variables do not fit their types.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  opts: ListSizeCostOptions,
): number {
  return getComplexity({
    schema,
    query: document,
    estimators: [listSizeEstimator(opts)],
    variables,
    ...(operationName ? { operationName } : {}),
  });
}
