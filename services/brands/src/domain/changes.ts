import type { Publisher } from '@shopgraph/platform';
import type { Brand } from './model.ts';

/** What happened to a brand in one transaction; events/publish.ts writes it as its event. */
export type BrandChange = { readonly type: 'BrandRegistered'; readonly brand: Brand };

export type PublishBrandChange = Publisher<BrandChange>;
