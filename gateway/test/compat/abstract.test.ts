// Abstract types across subgraphs — a union of entities owned by three subgraphs, an entity
// interface with implementations — and the operation features the planner must keep intact with
// them: fragments on abstract types, aliases, @include/@skip, __typename.
import { expect } from 'vitest';
import { dataOf, differential, useCompat } from './harness.ts';

const setup = useCompat();

const FEED_ITEMS = `
  fragment Item on FeedItem {
    __typename
    ... on Review { id body author { name } }
    ... on Product { sku name price inStock }
    ... on User { id name nickname reviews { id } }
  }`;

differential(setup, [
  {
    name: 'a union (reviews) of entities resolved in reviews, catalog + inventory and accounts',
    query: `{ feed { ...Item } } ${FEED_ITEMS}`,
    stock: (o) => expect(dataOf(o).feed).toEqual([
      { __typename: 'Review', id: 'r1', body: 'Bright', author: { name: 'Ada Lovelace' } },
      { __typename: 'Product', sku: 'S2', name: 'Desk', price: 200, inStock: 0 },
      { __typename: 'User', id: 'u2', name: 'Alan Turing', nickname: 'alan-acc', reviews: [{ id: 'r2' }] },
    ]),
  },
  {
    name: 'a union with only some members selected, and __typename only',
    query: '{ feed { ... on User { name } } again: feed { __typename } }',
    stock: (o) => expect(dataOf(o)).toEqual({ feed: [{}, {}, { name: 'Alan Turing' }], again: [{ __typename: 'Review' }, { __typename: 'Product' }, { __typename: 'User' }] }),
  },
  {
    name: 'an interface: shared fields, inline fragments and a named fragment on one implementation',
    query: '{ media { id ...BookPages ... on Movie { minutes title } } } fragment BookPages on Book { pages title }',
    stock: (o) => expect(dataOf(o).media).toEqual([
      { id: 'm1', pages: 412, title: 'Dune' },
      { id: 'm2', minutes: 117, title: 'Alien' },
      { id: 'm3', pages: 474, title: 'Emma' },
    ]),
  },
  {
    name: 'an interface with a field from an @interfaceObject inside a fragment on the interface',
    query: '{ media { ... on Media { __typename reviewCount } } topMedia { ... on Movie { title } } }',
    stock: (o) => expect(dataOf(o).topMedia).toEqual([{ title: 'Alien' }, {}]),
  },
  {
    name: 'aliases of the same entity field with different arguments',
    query: '{ products { eur: price usd: price(currency: USD) quote1: shippingQuote(zone: 1) quote2: shippingQuote(zone: 2) } }',
    stock: (o) => expect((dataOf(o).products as unknown[])[0]).toEqual({ eur: 40, usd: 44, quote1: 47, quote2: 50 }),
  },
  {
    name: '@include on a field of another subgraph (true)',
    query: 'query ($on: Boolean!) { products { id inStock @include(if: $on) } }',
    variables: { on: true },
    stock: (o) => expect((dataOf(o).products as unknown[])[0]).toEqual({ id: 'p1', inStock: 5 }),
  },
  {
    name: '@skip on a field with @requires (true)',
    query: 'query ($on: Boolean!) { products { id shippingEstimate @skip(if: $on) } }',
    variables: { on: true },
    stock: (o) => expect((dataOf(o).products as unknown[])[0]).toEqual({ id: 'p1' }),
  },
  {
    name: '@include / @skip on fields of other subgraphs (true): STOCK IS WRONG, ours must equal it',
    query: 'query ($on: Boolean!) { products { id inStock @include(if: $on) shippingEstimate @skip(if: $on) } }',
    variables: { on: true },
    // Right: products with id and inStock. Stock (2.14) answers `data: null` without a single
    // error (a non-null root field null, no reason given) — with literals `true` as well. Ours runs
    // the same planner and executor: it must answer alike.
    stock: (o) => expect(o).toEqual({ status: 200, data: null }),
  },
  {
    name: '@include / @skip on fields of other subgraphs (false)',
    query: 'query ($on: Boolean!) { products { id inStock @include(if: $on) shippingEstimate @skip(if: $on) } }',
    variables: { on: false },
    stock: (o) => expect((dataOf(o).products as unknown[])[0]).toEqual({ id: 'p1', shippingEstimate: 6 }),
  },
  {
    name: 'a document with several operations: the one named is run',
    query: 'query Users { users { id } } query Stock { products { inStock } }',
    operationName: 'Stock',
    stock: (o) => expect(dataOf(o)).toEqual({ products: [{ inStock: 5 }, { inStock: 0 }, { inStock: 2 }] }),
  },
  {
    name: 'a document with several operations and no operation name is refused (stock: 500, ours: 400)',
    query: 'query Users { users { id } } query Stock { products { inStock } }',
    // A client error, but stock answers it with HTTP 500 (INVALID_GRAPHQL). Ours is right: 400,
    // with Apollo Server's own code for an operation it cannot pick (no body may cause a 5xx).
    stock: (o) =>
      expect(o).toEqual({
        status: 500,
        data: '<absent>',
        errors: [{ message: 'Must provide operation name if query contains multiple operations.', code: 'INVALID_GRAPHQL' }],
      }),
    oursInstead: (stock) => ({ ...stock, status: 400, errors: stock.errors?.map((e) => ({ ...e, code: 'OPERATION_RESOLUTION_FAILURE' })) }),
  },
  {
    name: '__typename at the root and in nested entities',
    query: '{ __typename reviews { __typename author { __typename } product { __typename } } }',
    stock: (o) => expect(dataOf(o).__typename).toBe('Query'),
  },
]);
