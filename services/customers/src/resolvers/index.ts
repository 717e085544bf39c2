import { DateTimeScalar } from '@shopgraph/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Address } from './address.ts';
import { Customer } from './customer.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Customer, Address, Query, Mutation };
