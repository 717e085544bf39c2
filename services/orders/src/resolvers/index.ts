import { DateTimeScalar } from '@shopgraph/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Customer } from './customer.ts';
import { Mutation } from './mutation.ts';
import { Order } from './order.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Order, Customer, Query, Mutation };
