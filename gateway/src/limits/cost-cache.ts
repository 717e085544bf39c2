import { Kind, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { operationCost, type ListSizeCostOptions } from './list-size-cost.ts';

/** Entries kept per document: one per distinct page size (and @skip/@include) combination. */
const MAX_PER_DOCUMENT = 32;

/** The variables an operation's cost depends on: those given to first/last and to @skip/@include(if:). */
function sizingVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      const arg = node.name.value;
      if ((arg === 'first' || arg === 'last' || arg === 'if') && node.value.kind === Kind.VARIABLE)
        names.add(node.value.name.value);
    },
  });
  return [...names];
}

/**
 * operationCost, remembered per parsed document (Apollo keeps one DocumentNode per distinct
 * query text, so a WeakMap holds no document longer than Apollo does) and per value of the
 * variables the cost depends on: a repeated operation costs a map lookup, not a walk.
 */
export class CostCache {
  readonly #opts: ListSizeCostOptions;
  readonly #sizing = new WeakMap<DocumentNode, string[]>();
  readonly #costs = new WeakMap<DocumentNode, Map<string, number>>();

  constructor(opts: ListSizeCostOptions) {
    this.#opts = opts;
  }

  cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Record<string, unknown>,
    operationName: string | undefined,
  ): number {
    let names = this.#sizing.get(document);
    if (names === undefined) this.#sizing.set(document, (names = sizingVariables(document)));
    const key = `${operationName ?? ''}|${names.map((n) => JSON.stringify(variables[n]) ?? '').join('|')}`;
    let costs = this.#costs.get(document);
    const known = costs?.get(key);
    if (known !== undefined) return known;
    const cost = operationCost(schema, document, variables, operationName, this.#opts);
    if (costs === undefined) this.#costs.set(document, (costs = new Map()));
    if (costs.size < MAX_PER_DOCUMENT) costs.set(key, cost);
    return cost;
  }
}
