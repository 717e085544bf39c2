import { DateTimeScalar } from '@shopgraph/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './mutation.ts';
import { Product } from './product.ts';
import { Query } from './query.ts';
import { StockLevel } from './stock-level.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Product, StockLevel, Query, Mutation };
