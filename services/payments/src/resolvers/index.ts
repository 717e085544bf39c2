import { DateTimeScalar } from '@shopgraph/platform';
import { Order } from './order.ts';
import { Payment } from './payment.ts';

export const resolvers = { DateTime: DateTimeScalar, Payment, Order };
