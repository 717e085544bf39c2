import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '@shopgraph/testing';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  Kind,
} from 'graphql';

/** Every operation the project ships: loadtest/operations and the storefront's, as [name, document]. */
export function shippedOperations(): [string, string][] {
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'gql') walk(path.join(dir, e.name));
      else if (e.name.endsWith('.graphql')) files.push(path.join(dir, e.name));
    }
  };
  walk(path.join(ROOT, 'loadtest/operations'));
  walk(path.join(ROOT, 'storefront/src'));
  const out: [string, string][] = [];
  for (const file of files) {
    const doc = parse(readFileSync(file, 'utf8'));
    for (const def of doc.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION || !def.name) continue;
      out.push([def.name.value, readFileSync(file, 'utf8').slice(def.loc!.start, def.loc!.end)]);
    }
  }
  return out;
}

/** A value of `type` that coerces: page sizes (`first`/`last`) at `pageSize`, required input fields filled. */
function sample(type: GraphQLInputType, name: string, pageSize: number): unknown {
  if (isNonNullType(type)) return sample(type.ofType, name, pageSize);
  if (isListType(type)) return [sample(type.ofType, name, pageSize)];
  const named = getNamedType(type);
  if (isInputObjectType(named))
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, sample(f.type, f.name, pageSize)]),
    );
  if (isEnumType(named)) return named.getValues()[0]!.value;
  switch (named.name) {
    case 'Int':
      return name === 'first' || name === 'last' ? pageSize : 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    default:
      return 'x';
  }
}

/** Variables for `document`: every page size at `pageSize`, everything required given. */
export function sampleVariables(
  schema: GraphQLSchema,
  document: string,
  pageSize: number,
): Record<string, unknown> {
  const op = parse(document).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const vars: Record<string, unknown> = {};
  for (const v of op?.kind === Kind.OPERATION_DEFINITION ? (op.variableDefinitions ?? []) : []) {
    const type = typeFromAST(schema, v.type as never) as GraphQLInputType | undefined;
    if (type) vars[v.variable.name.value] = sample(type, v.variable.name.value, pageSize);
  }
  return vars;
}
