// Entities across subgraphs: keys (single, compound, several on one type), @requires (without and
// with field arguments, of an @inaccessible field), @provides, @external, @shareable, @override and
// @interfaceObject — stock and ours must answer every role alike.
import { expect } from 'vitest';
import { dataOf, differential, useCompat } from './harness.ts';

const setup = useCompat();

differential(setup, [
  {
    name: '@key single (id): catalog products joined with inventory',
    query: '{ products { id name inStock } }',
    stock: (o) => expect(dataOf(o).products).toEqual([
      { id: 'p1', name: 'Lamp', inStock: 5 },
      { id: 'p2', name: 'Desk', inStock: 0 },
      { id: 'p3', name: 'Desk (flat)', inStock: 2 },
    ]),
  },
  {
    name: '@key compound (sku package): reviews → catalog',
    query: '{ reviews { id product { sku package price } } }',
    stock: (o) => expect(dataOf(o).reviews).toEqual([
      { id: 'r1', product: { sku: 'S1', package: 'box', price: 40 } },
      { id: 'r2', product: { sku: 'S2', package: 'box', price: 200 } },
      { id: 'r3', product: { sku: 'S1', package: 'box', price: 40 } },
      { id: 'r4', product: { sku: 'S2', package: 'bag', price: 180 } },
    ]),
  },
  {
    name: '@key multiple: reviews → catalog (by sku package) → inventory (by id)',
    query: '{ reviews { id product { id inStock shippingEstimate } } }',
    stock: (o) => expect((dataOf(o).reviews as unknown[])[3]).toEqual({ id: 'r4', product: { id: 'p3', inStock: 2, shippingEstimate: 56 } }),
  },
  {
    name: '@key compound from a root field with arguments: catalog → reviews',
    query: 'query ($sku: String!, $package: String!) { productBySku(sku: $sku, package: $package) { id name reviews { id body } } }',
    variables: { sku: 'S1', package: 'box' },
    stock: (o) => expect(dataOf(o).productBySku).toEqual({ id: 'p1', name: 'Lamp', reviews: [{ id: 'r1', body: 'Bright' }, { id: 'r3', body: 'Fine' }] }),
  },
  {
    name: '@key: an entity that does not exist is null',
    query: '{ product(id: "nope") { id inStock } productBySku(sku: "S9", package: "box") { id } }',
    stock: (o) => expect(dataOf(o)).toEqual({ product: null, productBySku: null }),
  },
  {
    name: '@requires without arguments (weight)',
    query: '{ products { id shippingEstimate } }',
    stock: (o) => expect(dataOf(o).products).toEqual([{ id: 'p1', shippingEstimate: 6 }, { id: 'p2', shippingEstimate: 60 }, { id: 'p3', shippingEstimate: 56 }]),
  },
  {
    name: '@requires of a field with an argument, on a field with an argument (literal)',
    query: '{ products { id shippingQuote(zone: 2) } }',
    // weight × zone + price in USD (price × 1.1)
    stock: (o) => expect(dataOf(o).products).toEqual([{ id: 'p1', shippingQuote: 50 }, { id: 'p2', shippingQuote: 280 }, { id: 'p3', shippingQuote: 254 }]),
  },
  {
    name: '@requires with arguments, from a variable, next to the required field itself (USD) and another',
    query: 'query ($zone: Int!) { product(id: "p2") { priceUsd: price(currency: USD) weight shippingQuote(zone: $zone) } }',
    variables: { zone: 3 },
    stock: (o) => expect(dataOf(o).product).toEqual({ priceUsd: 220, weight: 30, shippingQuote: 310 }),
  },
  {
    name: '@requires of price(currency: USD) while the caller asks for price (EUR): STOCK IS WRONG, ours must equal it',
    query: 'query ($zone: Int!) { product(id: "p2") { price shippingQuote(zone: $zone) } }',
    variables: { zone: 3 },
    // Right: 30 × 3 + 220 (USD) = 310. Stock's query planner (2.14) sends inventory the caller's
    // `price` (EUR, 200) as the required `price(currency: USD)`, and answers 290. Ours plans with
    // the same planner; it cannot be right without replacing it, so it must give stock's answer.
    stock: (o) => expect(dataOf(o).product).toEqual({ price: 200, shippingQuote: 290 }),
  },
  {
    name: '@requires of an @inaccessible field',
    query: '{ products { id margin } }',
    stock: (o) => expect(dataOf(o).products).toEqual([{ id: 'p1', margin: 15 }, { id: 'p2', margin: 50 }, { id: 'p3', margin: 40 }]),
  },
  {
    name: '@provides: name and username come with the review, the rest is fetched',
    query: '{ reviews { id author { id username name } product { name category } } }',
    stock: (o) => expect((dataOf(o).reviews as unknown[])[0]).toEqual({ id: 'r1', author: { id: 'u1', username: 'ada', name: 'Ada Lovelace' }, product: { name: 'Lamp', category: 'home' } }),
  },
  {
    name: '@external field (username in reviews) read where it is not provided: from accounts',
    query: '{ reviews { editor { username } } users { id username reviews { id } } }',
    stock: (o) => {
      expect(dataOf(o).users).toEqual([
        { id: 'u1', username: 'ada', reviews: [{ id: 'r1' }, { id: 'r3' }] },
        { id: 'u2', username: 'alan', reviews: [{ id: 'r2' }] },
        { id: 'u3', username: 'grace', reviews: [{ id: 'r4' }] },
      ]);
      expect(dataOf(o).reviews).toEqual([{ editor: { username: 'alan' } }, { editor: null }, { editor: { username: 'alan' } }, { editor: { username: 'ada' } }]);
    },
  },
  {
    name: '@shareable fields and value types resolvable in catalog and inventory',
    query: '{ products { name dimensions { width height } } reviews { product { id dimensions { height } inStock } } }',
    stock: (o) => expect((dataOf(o).reviews as unknown[])[1]).toEqual({ product: { id: 'p2', dimensions: { height: 75 }, inStock: 0 } }),
  },
  {
    name: '@override: nickname comes from accounts, never from reviews',
    query: '{ users { nickname } reviews { author { nickname } editor { nickname } } }',
    stock: (o) => {
      expect(dataOf(o).users).toEqual([{ nickname: 'ada-acc' }, { nickname: 'alan-acc' }, { nickname: 'grace-acc' }]);
      expect(JSON.stringify(o.data)).not.toMatch(/from-reviews/);
    },
  },
  {
    name: '@interfaceObject: a field of reviews on every implementation of catalog\'s Media',
    query: '{ media { __typename id title reviewCount ... on Book { pages } ... on Movie { minutes } } }',
    stock: (o) => expect(dataOf(o).media).toEqual([
      { __typename: 'Book', id: 'm1', title: 'Dune', reviewCount: 3, pages: 412 },
      { __typename: 'Movie', id: 'm2', title: 'Alien', reviewCount: 1, minutes: 117 },
      { __typename: 'Book', id: 'm3', title: 'Emma', reviewCount: 0, pages: 474 },
    ]),
  },
  {
    name: '@interfaceObject: a root field of reviews typed Media, concrete types from catalog',
    query: '{ topMedia { __typename id reviewCount ... on Book { title pages } ... on Movie { title minutes } } }',
    stock: (o) => expect(dataOf(o).topMedia).toEqual([
      { __typename: 'Movie', id: 'm2', reviewCount: 1, title: 'Alien', minutes: 117 },
      { __typename: 'Book', id: 'm1', reviewCount: 3, title: 'Dune', pages: 412 },
    ]),
  },
  {
    name: 'entities nested across all four subgraphs',
    query: '{ users { name reviews { body product { name inStock reviews { author { name nickname } } } } } }',
    stock: (o) => expect(JSON.stringify(dataOf(o))).toContain('"reviews":[{"author":{"name":"Ada Lovelace","nickname":"ada-acc"}},{"author":{"name":"Ada Lovelace"'),
  },
]);
