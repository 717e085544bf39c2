import { DateTimeScalar } from '@shopgraph/platform';
import { Brand } from './brand.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';

export const resolvers = { DateTime: DateTimeScalar, Brand, Query, Mutation };
