import { Type } from '@sinclair/typebox';
import { defineEvent } from '../define-event.ts';

/** A brand was registered; subject = brandId. */
export const BrandRegistered = defineEvent({
  producer: 'brands',
  name: 'BrandRegistered',
  version: 1,
  data: Type.Object({
    brandId: Type.String({ format: 'uuid' }),
    slug: Type.String(),
    name: Type.String(),
    country: Type.String({ description: 'ISO 3166-1 alpha-2' }),
  }),
});
