import { DateTimeScalar } from '@shopgraph/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Brand } from './brand.ts';
import { Mutation } from './mutation.ts';
import { Product } from './product.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Product, Brand, Query, Mutation };
