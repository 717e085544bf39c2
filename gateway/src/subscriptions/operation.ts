import {
  GraphQLError,
  Kind,
  getOperationAST,
  parse,
  print,
  valueFromAST,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type ParseOptions,
} from 'graphql';
import type { SubscriptionField } from './schema.ts';

/** What a client sent to subscribe (either transport), once the document policy gave its text. */
export interface SubscribeRequest {
  readonly query: string;
  readonly operationName?: string | null | undefined;
  readonly variables?: Record<string, unknown> | null | undefined;
}

/** A subscription ready to run: its field, routing value and the internal query of its payloads. */
export interface PreparedSubscription {
  readonly field: SubscriptionField;
  /** The argument's value: events whose subject field equals it trigger a payload. */
  readonly subject: string;
  /** `query Name(<same variables>) { [<alias>:] <query field>(<same args>) { <same selection> } }` */
  readonly internalQuery: string;
  /** The response key of the query's data, and the one the subscription payload has instead. */
  readonly keys: { readonly query: string; readonly subscription: string };
  readonly variables: Record<string, unknown>;
  readonly operationName: string | undefined;
  readonly document: DocumentNode;
}

const coded = (code: string, message: string) => new GraphQLError(message, { extensions: { code } });

/**
 * Parses (token limit), validates against the API schema with Subscription, and turns the
 * subscription into the query each payload is resolved with: the root field becomes its
 * @resolveWith Query field (its data is the payload once its response key is the subscription
 * field's); fragments, variables, aliases and directives stay as they are.
 */
export function prepareSubscription(
  request: SubscribeRequest,
  schema: GraphQLSchema,
  fields: ReadonlyMap<string, SubscriptionField>,
  parseOptions: ParseOptions,
): PreparedSubscription | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(request.query, parseOptions);
  } catch (err) {
    const message = (err as Error).message;
    const code = /more tha[nt] \d+ tokens/.test(message) ? 'TOO_MANY_TOKENS' : 'GRAPHQL_PARSE_FAILED';
    return [coded(code, message.replace(/^Syntax Error: /, ''))];
  }
  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation)
    return [coded('OPERATION_RESOLUTION_FAILURE', 'The document names no such single operation.')];
  if (operation.operation !== 'subscription')
    return [
      coded(
        'BAD_REQUEST',
        'Only subscription operations run here; send queries and mutations to POST /graphql.',
      ),
    ];
  const errors = validate(schema, document);
  if (errors.length > 0)
    return errors.map(
      (e) =>
        new GraphQLError(e.message, {
          nodes: e.nodes ?? null,
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
    );
  const root = operation.selectionSet.selections[0] as FieldNode; // validation: exactly one field
  const field = fields.get(root.name.value);
  if (field === undefined) return [coded('GRAPHQL_VALIDATION_FAILED', `No events feed ${root.name.value}.`)];
  const variables = request.variables ?? {};
  const argNode = root.arguments?.find((a) => a.name.value === field.argument);
  const argType = schema.getSubscriptionType()?.getFields()[field.name]?.args[0]?.type;
  const subject = argNode && argType ? valueFromAST(argNode.value, argType, variables) : undefined;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256)
    return [coded('BAD_USER_INPUT', `${field.name}: ${field.argument} must be a non-empty ID.`)];
  const internal = visit(document, {
    OperationDefinition: (node) => (node === operation ? { ...node, operation: 'query' } : null),
    Field: (node) =>
      node === root
        ? { ...node, name: { kind: Kind.NAME, value: field.query } } // no alias added: it would count as the client's
        : undefined,
  }) as DocumentNode;
  const responseKey = root.alias?.value ?? root.name.value;
  return {
    field,
    subject,
    internalQuery: print(internal),
    keys: { query: root.alias?.value ?? field.query, subscription: responseKey },
    variables,
    operationName: operation.name?.value,
    document,
  };
}
