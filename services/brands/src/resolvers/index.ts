import { DateTimeScalar } from '@shopgraph/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Brand } from './brand.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Brand, Query, Mutation };
