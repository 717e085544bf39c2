import type { BrandsContext } from '../context.ts';

export const Brand = {
  __resolveReference: (ref: { id: string }, ctx: BrandsContext) => ctx.brandById.load(ref.id),
};
