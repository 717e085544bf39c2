// Brand listing at a steady arrival rate. Run: k6 run -e GATEWAY_URL=http://host/graphql loadtest/k6/brands.ts
import type { Options } from 'k6/options';
import { operation, post } from './lib/graphql.ts';

const BrandList = operation('BrandList');

export const options: Options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: Number(__ENV.RATE || 100),
      timeUnit: '1s',
      duration: __ENV.DURATION || '1m',
      preAllocatedVUs: 20,
      maxVUs: 100,
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    'http_req_duration{operation:BrandList}': ['p(95)<50', 'p(99)<150'],
    checks: ['rate>0.999'],
  },
};

export default function (): void {
  post('BrandList', BrandList, { first: 10 });
}
