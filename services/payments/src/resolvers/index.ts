import { DateTimeScalar } from '@shopgraph/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Order } from './order.ts';
import { Payment } from './payment.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Payment, Order };
