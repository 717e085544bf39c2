import { ADMIN, ANONYMOUS, as, customer, errorCodes, gql, useService } from '@shopgraph/testing';
import type { Identity } from '@shopgraph/platform';
import { describe, expect, it } from 'vitest';
import { createBrandsService } from '../src/server.ts';

interface BrandNode {
  id: string;
  slug: string;
  name: string;
  country: string;
  website: string | null;
}

const REGISTER = `mutation($input: RegisterBrandInput!) { registerBrand(input: $input) { id slug name country website createdAt } }`;
const PAGE = `query($first: Int, $after: String) {
  brands(first: $first, after: $after) { edges { cursor node { slug } } pageInfo { hasNextPage endCursor } }
}`;

describe('brands subgraph (real PostgreSQL)', () => {
  const sut = useService('brands', createBrandsService, { dbName: 'brands' });
  const brandCount = async () =>
    Number((await sut.service.pool.query('SELECT count(*) AS n FROM brands')).rows[0].n);
  const register = (input: Record<string, unknown>, identity: Identity = ADMIN) =>
    gql<{ registerBrand: BrandNode }>(sut.url, REGISTER, { input }, as(identity));

  it('when a valid brand is registered, then it is stored with a normalised country and can be read back', async () => {
    const res = await register({
      slug: 'acne-studios',
      name: ' Acne Studios ',
      country: 'se',
      website: 'https://acnestudios.com',
    });
    expect(res.errors).toBeUndefined();
    const brand = res.data!.registerBrand;
    expect(brand).toMatchObject({
      slug: 'acne-studios',
      name: 'Acne Studios',
      country: 'SE',
      website: 'https://acnestudios.com',
    });

    const read = await gql<{ brand: BrandNode; brandBySlug: BrandNode }>(
      sut.url,
      `query($id: ID!) { brand(id: $id) { id name } brandBySlug(slug: "acne-studios") { id } }`,
      { id: brand.id },
    );
    expect(read.data).toEqual({
      brand: { id: brand.id, name: 'Acne Studios' },
      brandBySlug: { id: brand.id },
    });
  });

  it.each([
    ['an empty name', { slug: 'empty-name', name: '   ', country: 'SE' }, 'BAD_USER_INPUT', 'name'],
    ['a bad country', { slug: 'bad-country', name: 'X', country: 'XX' }, 'BAD_USER_INPUT', 'country'],
    ['a malformed slug', { slug: 'Not A Slug', name: 'X', country: 'SE' }, 'BAD_USER_INPUT', 'slug'],
    [
      'a website that is not http(s)',
      { slug: 'bad-site', name: 'X', country: 'SE', website: 'ftp://x' },
      'BAD_USER_INPUT',
      'website',
    ],
    ['a duplicate slug', { slug: 'acne-studios', name: 'Other', country: 'SE' }, 'CONFLICT', 'slug'],
  ])(
    'when registering with %s, then it is %s on that field and nothing is written',
    async (_, input, code, field) => {
      const before = await brandCount();
      const res = await register(input);
      expect(errorCodes(res)).toEqual([code]);
      expect(res.errors![0]!.extensions!['field']).toBe(field);
      expect(res.data).toBeNull();
      expect(await brandCount()).toBe(before);
    },
  );

  it.each<[string, Identity, string]>([
    ['an anonymous caller', ANONYMOUS, 'UNAUTHENTICATED'],
    ['a customer', customer('c-1'), 'FORBIDDEN'],
    [
      'a brand token',
      { role: 'brand', subject: 'key-1', brandId: '00000000-0000-4000-8000-000000000001' },
      'FORBIDDEN',
    ],
  ])('when %s registers a brand, then it is %s and nothing is written', async (_, identity, code) => {
    const before = await brandCount();
    const outbox = (await sut.service.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0]
      .n as number;
    const res = await register({ slug: 'not-admin', name: 'Not Admin', country: 'SE' }, identity);
    expect(errorCodes(res)).toEqual([code]);
    expect(res.data).toBeNull();
    expect(await brandCount()).toBe(before);
    expect((await sut.service.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n).toBe(outbox);
  });

  it('when an unknown or malformed id is asked for, then the answer is null, not an error', async () => {
    const res = await gql(
      sut.url,
      `{ a: brand(id: "00000000-0000-4000-8000-000000000000") { id } b: brand(id: "nope") { id } }`,
    );
    expect(res).toMatchObject({ data: { a: null, b: null } });
    expect(res.errors).toBeUndefined();
  });

  it('when pages are read while brands are inserted concurrently, then no brand is repeated or skipped', async () => {
    for (let i = 0; i < 25; i++) await register({ slug: `seed-${i}`, name: `Seed ${i}`, country: 'FR' });
    const existing = (
      await sut.service.pool.query<{ slug: string }>('SELECT slug FROM brands ORDER BY seq')
    ).rows.map((r) => r.slug);

    const seen: string[] = [];
    let after: string | null = null;
    let inserted = 0;
    for (;;) {
      const res: Awaited<
        ReturnType<
          typeof gql<{
            brands: {
              edges: { node: { slug: string } }[];
              pageInfo: { hasNextPage: boolean; endCursor: string };
            };
          }>
        >
      > = await gql(sut.url, PAGE, { first: 7, after });
      const conn = res.data!.brands;
      seen.push(...conn.edges.map((e) => e.node.slug));
      // Between pages, others insert brands at the same time.
      await Promise.all(
        [0, 1, 2].map(() => register({ slug: `late-${inserted++}`, name: 'Late', country: 'DE' })),
      );
      if (!conn.pageInfo.hasNextPage || inserted > 60) break;
      after = conn.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length); // no repeats
    expect(seen.slice(0, existing.length)).toEqual(existing); // nothing that existed was skipped, order kept
  });

  it('when first exceeds the maximum, then it is BAD_USER_INPUT', async () => {
    expect(errorCodes(await gql(sut.url, PAGE, { first: 101 }))).toEqual(['BAD_USER_INPUT']);
  });

  it('when the gateway resolves brand references through _entities, then each comes back in order, in one query', async () => {
    const { rows } = await sut.service.pool.query<{ id: string; name: string }>(
      'SELECT id, name FROM brands ORDER BY seq LIMIT 5',
    );
    const representations = [
      ...rows.map((r) => ({ __typename: 'Brand', id: r.id })),
      { __typename: 'Brand', id: '00000000-0000-4000-8000-000000000000' },
    ];
    const res = await gql<{ _entities: ({ id: string; name: string } | null)[] }>(
      sut.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Brand { id name } } }`,
      { representations },
    );
    expect(res.data!._entities).toEqual([...rows, null]);
  });
});
