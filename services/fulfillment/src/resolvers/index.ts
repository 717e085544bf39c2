import { DateTimeScalar } from '@shopgraph/platform';
import type { Resolvers } from '../generated/resolvers.ts';
import { Mutation } from './mutation.ts';
import { Order } from './order.ts';
import { Shipment } from './shipment.ts';

export const resolvers: Resolvers = { DateTime: DateTimeScalar, Shipment, Order, Mutation };
