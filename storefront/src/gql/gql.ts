/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
  'mutation Register($input: RegisterCustomerInput!) {\n  registerCustomer(input: $input) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nquery Addresses {\n  me {\n    id\n    addresses {\n      id\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n  }\n}\n\nmutation AddAddress($input: AddressInput!) {\n  addAddress(input: $input) {\n    id\n    name\n    line1\n    line2\n    city\n    postalCode\n    country\n  }\n}': typeof types.RegisterDocument;
  'query Catalog($filter: ProductFilter, $first: Int!, $after: String) {\n  products(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price {\n          amount\n          currency\n        }\n        brand {\n          id\n          name\n        }\n        stock {\n          available\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Brands {\n  brands(first: 100) {\n    edges {\n      node {\n        id\n        name\n      }\n    }\n  }\n}': typeof types.CatalogDocument;
  'mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    id\n    number\n    status\n  }\n}': typeof types.PlaceOrderDocument;
  'query Orders($first: Int!, $after: String) {\n  me {\n    id\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nquery Order($id: ID!) {\n  order(id: $id) {\n    id\n    number\n    status\n    createdAt\n    total {\n      amount\n      currency\n    }\n    lines {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n        sku\n      }\n    }\n    statusHistory {\n      status\n      at\n    }\n    shippingAddress {\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n    payment {\n      status\n      declineReason\n      method {\n        brand\n        last4\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n    }\n  }\n}\n\nmutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    id\n    status\n  }\n}': typeof types.OrdersDocument;
  'query Product($id: ID!) {\n  product(id: $id) {\n    id\n    sku\n    name\n    description\n    category\n    attributes {\n      colour\n      size\n      material\n    }\n    price {\n      amount\n      currency\n    }\n    brand {\n      id\n      name\n    }\n    stock {\n      available\n    }\n  }\n}': typeof types.ProductDocument;
};
const documents: Documents = {
  'mutation Register($input: RegisterCustomerInput!) {\n  registerCustomer(input: $input) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nquery Addresses {\n  me {\n    id\n    addresses {\n      id\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n  }\n}\n\nmutation AddAddress($input: AddressInput!) {\n  addAddress(input: $input) {\n    id\n    name\n    line1\n    line2\n    city\n    postalCode\n    country\n  }\n}':
    types.RegisterDocument,
  'query Catalog($filter: ProductFilter, $first: Int!, $after: String) {\n  products(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price {\n          amount\n          currency\n        }\n        brand {\n          id\n          name\n        }\n        stock {\n          available\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Brands {\n  brands(first: 100) {\n    edges {\n      node {\n        id\n        name\n      }\n    }\n  }\n}':
    types.CatalogDocument,
  'mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    id\n    number\n    status\n  }\n}':
    types.PlaceOrderDocument,
  'query Orders($first: Int!, $after: String) {\n  me {\n    id\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nquery Order($id: ID!) {\n  order(id: $id) {\n    id\n    number\n    status\n    createdAt\n    total {\n      amount\n      currency\n    }\n    lines {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n        sku\n      }\n    }\n    statusHistory {\n      status\n      at\n    }\n    shippingAddress {\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n    payment {\n      status\n      declineReason\n      method {\n        brand\n        last4\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n    }\n  }\n}\n\nmutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    id\n    status\n  }\n}':
    types.OrdersDocument,
  'query Product($id: ID!) {\n  product(id: $id) {\n    id\n    sku\n    name\n    description\n    category\n    attributes {\n      colour\n      size\n      material\n    }\n    price {\n      amount\n      currency\n    }\n    brand {\n      id\n      name\n    }\n    stock {\n      available\n    }\n  }\n}':
    types.ProductDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation Register($input: RegisterCustomerInput!) {\n  registerCustomer(input: $input) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nquery Addresses {\n  me {\n    id\n    addresses {\n      id\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n  }\n}\n\nmutation AddAddress($input: AddressInput!) {\n  addAddress(input: $input) {\n    id\n    name\n    line1\n    line2\n    city\n    postalCode\n    country\n  }\n}',
): (typeof documents)['mutation Register($input: RegisterCustomerInput!) {\n  registerCustomer(input: $input) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nmutation Login($email: String!, $password: String!) {\n  login(email: $email, password: $password) {\n    token\n    expiresAt\n    customer {\n      id\n      name\n    }\n  }\n}\n\nquery Addresses {\n  me {\n    id\n    addresses {\n      id\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n  }\n}\n\nmutation AddAddress($input: AddressInput!) {\n  addAddress(input: $input) {\n    id\n    name\n    line1\n    line2\n    city\n    postalCode\n    country\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query Catalog($filter: ProductFilter, $first: Int!, $after: String) {\n  products(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price {\n          amount\n          currency\n        }\n        brand {\n          id\n          name\n        }\n        stock {\n          available\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Brands {\n  brands(first: 100) {\n    edges {\n      node {\n        id\n        name\n      }\n    }\n  }\n}',
): (typeof documents)['query Catalog($filter: ProductFilter, $first: Int!, $after: String) {\n  products(filter: $filter, first: $first, after: $after) {\n    edges {\n      node {\n        id\n        sku\n        name\n        price {\n          amount\n          currency\n        }\n        brand {\n          id\n          name\n        }\n        stock {\n          available\n        }\n      }\n    }\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n  }\n}\n\nquery Brands {\n  brands(first: 100) {\n    edges {\n      node {\n        id\n        name\n      }\n    }\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    id\n    number\n    status\n  }\n}',
): (typeof documents)['mutation PlaceOrder($input: PlaceOrderInput!) {\n  placeOrder(input: $input) {\n    id\n    number\n    status\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query Orders($first: Int!, $after: String) {\n  me {\n    id\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nquery Order($id: ID!) {\n  order(id: $id) {\n    id\n    number\n    status\n    createdAt\n    total {\n      amount\n      currency\n    }\n    lines {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n        sku\n      }\n    }\n    statusHistory {\n      status\n      at\n    }\n    shippingAddress {\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n    payment {\n      status\n      declineReason\n      method {\n        brand\n        last4\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n    }\n  }\n}\n\nmutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    id\n    status\n  }\n}',
): (typeof documents)['query Orders($first: Int!, $after: String) {\n  me {\n    id\n    orders(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          number\n          status\n          createdAt\n          total {\n            amount\n            currency\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}\n\nquery Order($id: ID!) {\n  order(id: $id) {\n    id\n    number\n    status\n    createdAt\n    total {\n      amount\n      currency\n    }\n    lines {\n      quantity\n      unitPrice {\n        amount\n        currency\n      }\n      lineTotal {\n        amount\n        currency\n      }\n      product {\n        id\n        name\n        sku\n      }\n    }\n    statusHistory {\n      status\n      at\n    }\n    shippingAddress {\n      name\n      line1\n      line2\n      city\n      postalCode\n      country\n    }\n    payment {\n      status\n      declineReason\n      method {\n        brand\n        last4\n      }\n    }\n    shipments {\n      id\n      status\n      carrier\n      trackingNumber\n    }\n  }\n}\n\nmutation CancelOrder($id: ID!) {\n  cancelOrder(id: $id) {\n    id\n    status\n  }\n}'];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(
  source: 'query Product($id: ID!) {\n  product(id: $id) {\n    id\n    sku\n    name\n    description\n    category\n    attributes {\n      colour\n      size\n      material\n    }\n    price {\n      amount\n      currency\n    }\n    brand {\n      id\n      name\n    }\n    stock {\n      available\n    }\n  }\n}',
): (typeof documents)['query Product($id: ID!) {\n  product(id: $id) {\n    id\n    sku\n    name\n    description\n    category\n    attributes {\n      colour\n      size\n      material\n    }\n    price {\n      amount\n      currency\n    }\n    brand {\n      id\n      name\n    }\n    stock {\n      available\n    }\n  }\n}'];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> =
  TDocumentNode extends DocumentNode<infer TType, any> ? TType : never;
