// The Guild's public gateway benchmark (graphql-hive/graphql-gateways-benchmark): its four
// subgraphs (accounts, inventory, products, reviews) with their data and resolver behaviour,
// re-implemented as in-memory JavaScript subgraphs, and its test query (about 87 kB answer).
// Their Rust subgraphs: every review's author is user 1 ("urigo", provided by reviews), a
// user's reviews are reviews 1-2, a product's reviews are those with its upc.
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

type Obj = Record<string, unknown>;

const users = [
  { id: '1', name: 'Uri Goldshtein', username: 'urigo', birthday: 1234567890 },
  { id: '2', name: 'Dotan Simha', username: 'dotansimha', birthday: 1234567890 },
  { id: '3', name: 'Kamil Kisiela', username: 'kamilkisiela', birthday: 1234567890 },
  { id: '4', name: 'Arda Tanrikulu', username: 'ardatan', birthday: 1234567890 },
  { id: '5', name: 'Gil Gardosh', username: 'gilgardosh', birthday: 1234567890 },
  { id: '6', name: 'Laurin Quast', username: 'laurin', birthday: 1234567890 },
];
const products = [
  ['1', 'Table', 899, 100],
  ['2', 'Couch', 1299, 1000],
  ['3', 'Glass', 15, 20],
  ['4', 'Chair', 499, 100],
  ['5', 'TV', 1299, 1000],
  ['6', 'Lamp', 6999, 300],
  ['7', 'Grill', 3999, 2000],
  ['8', 'Fridge', 100000, 6000],
  ['9', 'Sofa', 9999, 800],
].map(([upc, name, price, weight]) => ({ upc, name, price, weight }));
const inStock: Record<string, boolean> = {
  '1': true,
  '2': false,
  '3': false,
  '4': false,
  '5': true,
  '6': true,
  '7': true,
  '8': false,
  '9': true,
};
const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';
const SED =
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi';
const QUIA =
  'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.';
const UT =
  'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem';
const AT =
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.';
const reviews = [
  [LOREM, '1'],
  [SED, '1'],
  [QUIA, '1'],
  [UT, '1'],
  [LOREM, '2'],
  [SED, '2'],
  [QUIA, '2'],
  [UT, '2'],
  [UT, '3'],
  [UT, '4'],
  [AT, '4'],
].map(([body, upc], i) => ({ id: String(i + 1), body, upc }));

const sdl = {
  accounts: `${LINK}
type Query { me: User  user(id: ID!): User  users: [User] }
type User @key(fields: "id") { id: ID!  name: String  username: String @shareable  birthday: Int }`,
  inventory: `${LINK}
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}`,
  products: `${LINK}
type Query { topProducts(first: Int = 5): [Product] }
type Product @key(fields: "upc") { upc: String!  name: String  price: Int  weight: Int }`,
  reviews: `${LINK}
type Review @key(fields: "id") { id: ID!  body: String  product: Product  author: User @provides(fields: "username") }
type User @key(fields: "id") { id: ID!  username: String @external  reviews: [Review] }
type Product @key(fields: "upc") { upc: String!  reviews: [Review] }`,
};

const resolvers = {
  accounts: {
    Query: {
      me: () => users[0],
      user: (_: unknown, { id }: { id: string }) => users.find((u) => u.id === id) ?? null,
      users: () => users,
    },
    User: { __resolveReference: (ref: Obj) => users.find((u) => u.id === ref['id']) },
  },
  inventory: {
    Product: {
      // As in the Rust original: the entity is looked up by upc only, so the required price
      // and weight are not used and shippingEstimate is null (the reference answer has null).
      __resolveReference: (ref: Obj) => ({
        upc: ref['upc'],
        inStock: inStock[ref['upc'] as string] ?? null,
        price: null,
        weight: null,
      }),
      shippingEstimate: (p: Obj) => {
        const price = p['price'] as number | null | undefined;
        const weight = p['weight'] as number | null | undefined;
        if (price == null) return null;
        if (price > 1000) return 0;
        return weight == null ? null : Math.trunc(weight / 2);
      },
    },
  },
  products: {
    Query: { topProducts: (_: unknown, { first }: { first: number }) => products.slice(0, first) },
    Product: { __resolveReference: (ref: Obj) => products.find((p) => p.upc === ref['upc']) },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: Obj) => reviews.find((r) => r.id === ref['id']),
      product: (r: Obj) => ({ upc: r['upc'] }),
      author: () => ({ id: '1', username: 'urigo' }),
    },
    User: {
      __resolveReference: (ref: Obj) => ({ id: ref['id'], username: 'user' }),
      reviews: () => reviews.slice(0, 2),
    },
    Product: {
      __resolveReference: (ref: Obj) => ({ upc: ref['upc'] }),
      reviews: (p: Obj) => reviews.filter((r) => r.upc === p['upc']),
    },
  },
};

export const GUILD_SUBGRAPHS = ['accounts', 'inventory', 'products', 'reviews'] as const;

export function guildSubgraphs(): { name: string; sdl: string; schema: GraphQLSchema }[] {
  return GUILD_SUBGRAPHS.map((name) => ({
    name,
    sdl: sdl[name],
    schema: buildSubgraphSchema([{ typeDefs: parse(sdl[name]), resolvers: resolvers[name] as never }]),
  }));
}

/** The benchmark's test query, verbatim. */
export const GUILD_QUERY = `fragment User on User { id username name }
fragment Review on Review { id body }
fragment Product on Product { inStock name price shippingEstimate upc weight }
query TestQuery {
  users { ...User reviews { ...Review product { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } } } }
  topProducts { ...Product reviews { ...Review author { ...User reviews { ...Review product { ...Product } } } } }
}`;
