import { GraphQLScalarType, Kind } from 'graphql';
import { badUserInput } from './errors.ts';

/** ISO 8601 date-time, serialized in UTC. Shared by every subgraph that declares `scalar DateTime`. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO 8601 date-time in UTC, e.g. 2026-11-23T18:57:20.000Z.',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw badUserInput('DateTime must be an ISO 8601 string');
  return date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** True for a UUID string; ids that are not cannot match a row, so lookups skip the query. */
export const isUuid = (value: string): boolean => UUID.test(value);
