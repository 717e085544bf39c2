import { DateTimeScalar } from '@shopgraph/platform';
import { Mutation } from './mutation.ts';
import { Product } from './product.ts';
import { Query } from './query.ts';
import { StockLevel } from './stock-level.ts';

export const resolvers = { DateTime: DateTimeScalar, Product, StockLevel, Query, Mutation };
