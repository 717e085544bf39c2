// One example operation per user story (DESIGN.md "Its users"), preloaded as GraphiQL tabs.
// Tabs that need a signed-in caller carry an authorization header to fill in.

const CUSTOMER = JSON.stringify(
  {
    authorization:
      'Bearer <token from the "Log in" tab, or: make -s token ROLE=customer EMAIL=ada@example.com>',
  },
  null,
  2,
);
const BRAND = JSON.stringify({ authorization: 'Bearer <make -s token ROLE=brand BRAND=ganni>' }, null, 2);
const ADMIN = JSON.stringify({ authorization: 'Bearer <make -s token ROLE=admin>' }, null, 2);

export interface ExampleTab {
  readonly query: string;
  readonly variables?: string;
  readonly headers?: string;
}

export const EXAMPLE_TABS: readonly ExampleTab[] = [
  {
    query: `# Frontend developer: browse the catalog with brand, price and stock in one query.
query BrowseCatalog($first: Int! = 10, $after: String, $filter: ProductFilter) {
  products(first: $first, after: $after, filter: $filter) {
    edges { node { id sku name price { amount currency } brand { id name } stock { available } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: JSON.stringify({ first: 10, filter: { search: '' } }, null, 2),
  },
  {
    query: `# Frontend developer: register a shopper (returns an access token).
mutation Register($input: RegisterCustomerInput!) {
  registerCustomer(input: $input) { token expiresAt customer { id name email } }
}`,
    variables: JSON.stringify(
      { input: { name: 'Grace Hopper', email: 'grace@example.com', password: 'shopgraph-demo' } },
      null,
      2,
    ),
  },
  {
    query: `# Frontend developer: log in; put the token into the Headers tab of the next examples.
mutation LogIn($email: String!, $password: String!) {
  login(email: $email, password: $password) { token expiresAt customer { id name } }
}`,
    variables: JSON.stringify({ email: 'ada@example.com', password: 'shopgraph-demo' }, null, 2),
  },
  {
    query: `# Frontend developer: place an order. Run AddAddress first, then PlaceOrder with its id
# and a product id from BrowseCatalog. Payment tokens: tok_visa, tok_decline, tok_slow.
mutation AddAddress {
  addAddress(input: { name: "Ada Lovelace", line1: "12 St James's Square", city: "London", postalCode: "SW1Y 4LB", country: "GB" }) { id }
}

mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id number status total { amount currency } }
}`,
    variables: JSON.stringify(
      {
        input: {
          idempotencyKey: 'graphiql-example-1',
          lines: [{ productId: '<product id>', quantity: 1 }],
          shippingAddressId: '<address id>',
          paymentToken: 'tok_visa',
        },
      },
      null,
      2,
    ),
    headers: CUSTOMER,
  },
  {
    query: `# Frontend developer: follow an order's status through the checkout saga.
query FollowOrder($id: ID!) {
  order(id: $id) {
    number status statusHistory { status at reason }
    payment { status declineReason method { brand last4 } }
    shipments { status carrier trackingNumber }
  }
}`,
    variables: JSON.stringify({ id: '<order id>' }, null, 2),
    headers: CUSTOMER,
  },
  {
    query: `# Brand integration: push a product and its stock; it becomes visible once price and stock are known.
mutation UpsertProduct($input: UpsertProductInput!) {
  upsertProduct(input: $input) { id sku status price { amount currency } }
}

mutation SetStock($input: SetStockInput!) {
  setStock(input: $input) { productId onHand available }
}`,
    variables: JSON.stringify(
      {
        input: {
          sku: 'GANNI-EXAMPLE-1',
          brandId: '<brand id>',
          name: 'Example tee',
          category: 'tops',
          price: { amount: 4500, currency: 'EUR' },
        },
      },
      null,
      2,
    ),
    headers: BRAND,
  },
  {
    query: `# Operations (admin): hand an order's shipment to the carrier.
mutation Dispatch($id: ID!) {
  dispatchShipment(id: $id) { id status carrier trackingNumber }
}`,
    variables: JSON.stringify({ id: '<shipment id>' }, null, 2),
    headers: ADMIN,
  },
  {
    query: `# Performance engineer: the k6 catalog scenario's operation (loadtest/operations/CatalogListing.graphql).
query CatalogListing($first: Int!, $after: String) {
  products(first: $first, after: $after) {
    edges { node { sku name price { amount currency } brand { name } stock { available } } }
    pageInfo { hasNextPage endCursor }
  }
}`,
    variables: JSON.stringify({ first: 20 }, null, 2),
  },
];
