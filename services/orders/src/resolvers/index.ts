import { DateTimeScalar } from '@shopgraph/platform';
import { Customer } from './customer.ts';
import { Mutation } from './mutation.ts';
import { Order } from './order.ts';
import { Query } from './query.ts';

export const resolvers = { DateTime: DateTimeScalar, Order, Customer, Query, Mutation };
