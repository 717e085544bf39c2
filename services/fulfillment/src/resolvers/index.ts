import { DateTimeScalar } from '@shopgraph/platform';
import { Mutation } from './mutation.ts';
import { Order } from './order.ts';
import { Shipment } from './shipment.ts';

export const resolvers = { DateTime: DateTimeScalar, Shipment, Order, Mutation };
