import { DateTimeScalar } from '@shopgraph/platform';
import { Brand } from './brand.ts';
import { Mutation } from './mutation.ts';
import { Product } from './product.ts';
import { Query } from './query.ts';

export const resolvers = { DateTime: DateTimeScalar, Product, Brand, Query, Mutation };
