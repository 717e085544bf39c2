// Four in-memory subgraphs that together use every federation shape the gateway must plan
// and merge the same way as stock @apollo/gateway: entities across 3+ subgraphs, an
// interface with implementations, an entity interface with @interfaceObject, @requires with
// and without field arguments, @provides, @override, a union, and nullable and non-null
// errors deep inside entity fetches. Repeated entities (every review's author is one of 3
// users) exercise the representation and in-flight deduplication.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse, type GraphQLSchema } from 'graphql';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@override", "@shareable", "@interfaceObject"])';

type Obj = Record<string, unknown>;

const users = [
  { id: '1', name: 'Ada', username: 'ada', email: 'ada@example.com' },
  { id: '2', name: 'Grace', username: 'grace', email: 'grace@example.com' },
  { id: '3', name: 'Linus', username: 'linus', email: null },
];
const products = [
  { upc: '1', name: 'Table', price: 899, weight: 100, brand: { id: 'b1', name: 'Oak' } },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000, brand: { id: 'b2', name: 'Soft' } },
  { upc: '3', name: 'Glass', price: 15, weight: 20, brand: { id: 'b1', name: 'Oak' } },
  { upc: '4', name: 'Chair', price: 499, weight: 100, brand: null },
  { upc: '5', name: 'TV', price: 1299, weight: 1000, brand: { id: 'b3', name: 'Bright' } },
  { upc: '6', name: 'Lamp', price: 6999, weight: 300, brand: { id: 'b3', name: 'Bright' } },
];
const media = [
  { __typename: 'Book', id: 'm1', title: 'Dune', pages: 412 },
  { __typename: 'Movie', id: 'm2', title: 'Alien', minutes: 117 },
  { __typename: 'Book', id: 'm3', title: 'Emma', pages: 320 },
];
// Review 5's body fails (nullable: null + error); review 7's rating fails (non-null: the
// review is null, and since lists hold Review!, the error nulls the enclosing field).
const reviews = Array.from({ length: 12 }, (_, i) => ({
  id: String(i + 1),
  body: `review ${i + 1} body`,
  rating: (i % 5) + 1,
  authorId: String((i % 3) + 1),
  upc: String((i % 6) + 1),
  mediaId: `m${(i % 3) + 1}`,
}));

const accounts = `${LINK}
type User @key(fields: "id") {
  id: ID!
  name: String @override(from: "reviews")
  username: String @shareable
  email: String
}
type Query {
  me: User
  users: [User!]!
  user(id: ID!): User
}`;

const catalog = `${LINK}
type Product @key(fields: "upc") {
  upc: String!
  name: String!
  price: Int
  weight: Int
  brand: Brand
}
type Brand {
  id: ID!
  name: String!
}
union SearchResult = Product | Brand
interface Media @key(fields: "id") {
  id: ID!
  title: String!
}
type Book implements Media @key(fields: "id") {
  id: ID!
  title: String!
  pages: Int
}
type Movie implements Media @key(fields: "id") {
  id: ID!
  title: String!
  minutes: Int
}
type Query {
  topProducts(first: Int = 5): [Product!]!
  product(upc: String!): Product
  search(term: String!): [SearchResult!]!
  media: [Media!]!
}`;

const inventory = `${LINK}
type Product @key(fields: "upc") {
  upc: String!
  price: Int @external
  weight: Int @external
  inStock: Boolean
  stockCode: String!
  shippingEstimate: Int @requires(fields: "price weight")
  shippingQuote(zone: String!): Int @requires(fields: "weight")
}`;

const reviewsSdl = `${LINK}
type Review @key(fields: "id") {
  id: ID!
  body: String
  rating: Int!
  author: User @provides(fields: "username")
  product: Product
}
type User @key(fields: "id") {
  id: ID!
  username: String @external
  name: String
  reviews: [Review!]!
}
type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review!]!
}
type Media @key(fields: "id") @interfaceObject {
  id: ID!
  reviewCount: Int!
}
type Query {
  latestReviews(first: Int = 6): [Review!]!
}`;

const byUpc = (upc: unknown) => products.find((p) => p.upc === upc) ?? null;
const review = (r: (typeof reviews)[number]) => ({ ...r });

const resolvers = {
  accounts: {
    Query: {
      me: () => users[0],
      users: () => users,
      user: (_: unknown, { id }: { id: string }) => users.find((u) => u.id === id) ?? null,
    },
    User: {
      __resolveReference: (ref: Obj) => users.find((u) => u.id === ref['id']) ?? null,
      email: (u: Obj) => {
        if (u['email'] === null)
          throw new GraphQLError('email hidden', { extensions: { code: 'FORBIDDEN' } });
        return u['email'];
      },
    },
  },
  catalog: {
    Query: {
      topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first),
      product: (_: unknown, { upc }: { upc: string }) => byUpc(upc),
      search: (_: unknown, { term }: { term: string }) => [
        ...products
          .filter((p) => p.name.toLowerCase().includes(term))
          .map((p) => ({ __typename: 'Product', ...p })),
        ...products
          .flatMap((p) => (p.brand ? [p.brand] : []))
          .filter(
            (b, i, all) => b.name.toLowerCase().includes(term) && all.findIndex((x) => x.id === b.id) === i,
          )
          .map((b) => ({ __typename: 'Brand', ...b })),
      ],
      media: () => media,
    },
    Product: { __resolveReference: (ref: Obj) => byUpc(ref['upc']) },
    SearchResult: { __resolveType: (v: Obj) => v['__typename'] },
    Media: {
      __resolveType: (v: Obj) => v['__typename'],
      __resolveReference: (ref: Obj) => media.find((m) => m.id === ref['id']) ?? null,
    },
    Book: { __resolveReference: (ref: Obj) => media.find((m) => m.id === ref['id']) ?? null },
    Movie: { __resolveReference: (ref: Obj) => media.find((m) => m.id === ref['id']) ?? null },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: Obj) => ref,
      inStock: (p: Obj) => {
        if (p['upc'] === '3') throw new GraphQLError('stock unknown', { extensions: { code: 'NOT_FOUND' } });
        return Number(p['upc']) % 2 === 1;
      },
      stockCode: (p: Obj) => {
        if (p['upc'] === '4') throw new GraphQLError('no stock code');
        return `SC-${String(p['upc'])}`;
      },
      shippingEstimate: (p: Obj) => {
        const price = p['price'] as number | null;
        const weight = p['weight'] as number | null;
        if (price === null || weight === null) return null;
        return price > 1000 ? 0 : weight / 2;
      },
      shippingQuote: (p: Obj, { zone }: { zone: string }) =>
        (p['weight'] as number) * (zone === 'EU' ? 2 : 3),
    },
  },
  reviews: {
    Query: {
      latestReviews: (_: unknown, { first }: { first: number }) => reviews.slice(0, first).map(review),
    },
    Review: {
      __resolveReference: (ref: Obj) => reviews.find((r) => r.id === ref['id']) ?? null,
      body: (r: Obj) => {
        if (r['id'] === '5') throw new GraphQLError('body redacted');
        return r['body'];
      },
      rating: (r: Obj) => {
        if (r['id'] === '7') throw new GraphQLError('rating lost');
        return r['rating'];
      },
      author: (r: Obj) => {
        const user = users.find((u) => u.id === r['authorId'])!;
        return { id: user.id, username: user.username };
      },
      product: (r: Obj) => ({ upc: r['upc'] }),
    },
    User: {
      __resolveReference: (ref: Obj) => ({ id: ref['id'] }),
      name: () => 'stale name from reviews (overridden by accounts)',
      reviews: (u: Obj) => reviews.filter((r) => r.authorId === u['id']).map(review),
    },
    Product: {
      __resolveReference: (ref: Obj) => ({ upc: ref['upc'] }),
      reviews: (p: Obj) => reviews.filter((r) => r.upc === p['upc']).map(review),
    },
    Media: {
      __resolveReference: (ref: Obj) => ({ id: ref['id'] }),
      reviewCount: (m: Obj) => reviews.filter((r) => r.mediaId === m['id']).length,
    },
  },
};

/** name → SDL and executable subgraph schema. */
export function fixtureSubgraphs(): { name: string; sdl: string; schema: GraphQLSchema }[] {
  const sdls = { accounts, catalog, inventory, reviews: reviewsSdl };
  return (Object.keys(sdls) as (keyof typeof sdls)[]).map((name) => ({
    name,
    sdl: sdls[name],
    schema: buildSubgraphSchema([{ typeDefs: parse(sdls[name]), resolvers: resolvers[name] as never }]),
  }));
}

/** The queries both gateways answer; each names the shape it exercises. */
export const fixtureQueries: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  {
    name: 'entities across 4 subgraphs, nested both ways (Guild-benchmark style)',
    query: `{ users { id name username reviews { id body product { upc name inStock shippingEstimate
      reviews { id author { id username name reviews { id product { upc name price } } } } } } } }`,
  },
  {
    name: '@requires without and with arguments, nullable error deep in an entity fetch',
    query: `{ topProducts(first: 6) { upc name inStock shippingEstimate shippingQuote(zone: "EU") eu: shippingQuote(zone: "EU") us: shippingQuote(zone: "US") } }`,
  },
  {
    name: 'non-null error in an entity fetch propagates to the nearest nullable parent',
    query: '{ a: product(upc: "4") { upc name stockCode } b: product(upc: "2") { upc stockCode } }',
  },
  {
    name: 'non-null error in a list of entities nulls the whole non-null root list',
    query: '{ topProducts(first: 5) { upc stockCode } }',
  },
  {
    name: 'non-null and nullable errors two entity hops down (product -> reviews -> rating/body)',
    query: '{ product(upc: "1") { name reviews { id body rating author { name } } } }',
  },
  {
    name: '@provides: username from reviews, name and email from accounts (@override)',
    query: '{ latestReviews(first: 12) { id author { id username } product { upc name } } }',
  },
  {
    name: '@override and a nullable error in a repeated entity (email of user 3)',
    query: '{ latestReviews(first: 12) { author { id username name email } } }',
  },
  {
    name: 'union members from the owning subgraph and an entity extension',
    query: `{ search(term: "o") { __typename ... on Product { upc name inStock reviews { rating } } ... on Brand { id name } } }`,
  },
  {
    name: 'interface and @interfaceObject fields',
    query: `{ media { __typename id title reviewCount ... on Book { pages } ... on Movie { minutes } } }`,
  },
  {
    name: 'variables, defaults and fragments',
    query: `query Listing($first: Int, $zone: String!) { topProducts(first: $first) { ...P shippingQuote(zone: $zone) } }
      fragment P on Product { upc name brand { name } }`,
    variables: { first: 3, zone: 'US' },
  },
  {
    name: 'aliases asking for the same entity twice in one fetch',
    query: `{ x: product(upc: "1") { upc reviews { author { name } } } y: product(upc: "1") { upc reviews { author { name email } } } }`,
  },
  {
    name: 'deep cycle me -> reviews -> product -> reviews -> author -> reviews',
    query: '{ me { name reviews { product { name reviews { author { name reviews { body } } } } } } }',
  },
  {
    name: 'an entity that does not exist',
    query: '{ user(id: "404") { name } product(upc: "404") { name inStock } }',
  },
  {
    name: 'a root field error in one subgraph beside data from others',
    query: '{ users { id email } topProducts(first: 2) { upc inStock } }',
  },
];
