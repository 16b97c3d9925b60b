// Nullability and error propagation: errors with and without a path, null bubbling, errors in
// entity resolution, and duplicate entity representations whose resolution fails with a path
// (ghost: __resolveReference throws) or adds an error without one (phantom) — the case where
// de-duplicating representations must still report one error per position, as stock does.
import { expect } from 'vitest';
import { differential, useCompat, type Outcome } from './harness.ts';

const setup = useCompat();
const codes = (o: Outcome) => (o.errors ?? []).map((e) => e.code);

differential(setup, [
  {
    name: 'an error in a nullable field: null there, the error with its path',
    query: '{ reviews { id flaky } }',
    stock: (o) => {
      expect(o.data).toEqual({ reviews: [{ id: 'r1', flaky: 'ok r1' }, { id: 'r2', flaky: null }, { id: 'r3', flaky: 'ok r3' }, { id: 'r4', flaky: 'ok r4' }] });
      expect(o.errors).toEqual([{ message: 'Review r2 is flaky.', path: ['reviews', 1, 'flaky'], code: 'FLAKY' }]);
    },
  },
  {
    name: 'an error in a non-null field bubbles to the nearest nullable position (list item)',
    query: '{ reviewList { id strict } }',
    stock: (o) => {
      expect(o.data).toEqual({ reviewList: [{ id: 'r1', strict: 'ok r1' }, null, { id: 'r3', strict: 'ok r3' }, { id: 'r4', strict: 'ok r4' }] });
      expect(o.errors).toEqual([{ message: 'Review r2 is strict.', path: ['reviewList', 1, 'strict'], code: 'STRICT' }]);
    },
  },
  {
    name: 'an error in a non-null field bubbles up to data: null',
    query: '{ reviews { id strict } }',
    stock: (o) => {
      expect(o.data).toBeNull();
      expect(codes(o)).toEqual(['STRICT']);
    },
  },
  {
    name: 'an error in one subgraph leaves the other subgraph\'s root fields alone',
    query: '{ forbidden products { id } }',
    stock: (o) => {
      expect(o.data).toEqual({ forbidden: null, products: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }] });
      expect(o.errors).toEqual([{ message: 'Not for you.', path: ['forbidden'], code: 'FORBIDDEN' }]);
    },
  },
  {
    name: 'an error in a field fetched through an entity (reviews → catalog → reviews)',
    query: '{ product(id: "p2") { name reviews { id flaky } } }',
    stock: (o) => expect(o.errors).toEqual([{ message: 'Review r2 is flaky.', path: ['product', 'reviews', 0, 'flaky'], code: 'FLAKY' }]),
  },
  {
    name: 'entity resolution throwing (ghost editor, twice): duplicate representations, errors with a path',
    query: '{ troubleReviews(kind: "ghost") { id editor { id name } } }',
    stock: (o) => {
      expect(o.data).toEqual({
        troubleReviews: [
          { id: 't1', editor: null },
          { id: 't2', editor: { id: 'u1', name: 'Ada Lovelace' } },
          { id: 't3', editor: null },
        ],
      });
      expect(o.errors).toEqual([
        { message: 'No user ghost.', path: ['troubleReviews', 0, 'editor'], code: 'USER_NOT_FOUND' },
        { message: 'No user ghost.', path: ['troubleReviews', 2, 'editor'], code: 'USER_NOT_FOUND' },
      ]);
    },
  },
  {
    name: 'entity resolution failing the whole _entities field (wreck): every entity of the fetch null, one error',
    query: '{ troubleReviews(kind: "wreck") { id editor { id name } } }',
    stock: (o) => {
      expect(o.data).toEqual({ troubleReviews: [{ id: 't7', editor: null }, { id: 't8', editor: null }, { id: 't9', editor: null }] });
      // Stock's path is not a response path: the planner's "@" (every list item) and the
      // subgraph's `_entities` are left in. Not rewritten by ours either, to stay equal.
      expect(o.errors).toEqual([{ message: 'User wreck broke the batch.', path: ['troubleReviews', '@', 'editor', '_entities'], code: 'BATCH_FAILED' }]);
    },
  },
  {
    name: 'entity resolution failing under a non-null field (author: User!): null bubbles to the list item',
    query: '{ troubleReviews(kind: "ghostAuthor") { id author { username name } } }',
    stock: (o) => {
      expect(o.data).toEqual({ troubleReviews: [null, { id: 't11', author: { username: 'alan', name: 'Alan Turing' } }] });
      expect(codes(o)).toContain('USER_NOT_FOUND');
    },
  },
  {
    name: 'entity resolution adding an error without a path (phantom editor, twice): one error per duplicate',
    query: '{ troubleReviews(kind: "phantom") { id editor { id name } } }',
    stock: (o) => {
      expect(o.data).toEqual({
        troubleReviews: [
          { id: 't4', editor: { id: 'phantom', name: 'Phantom' } },
          { id: 't5', editor: { id: 'u2', name: 'Alan Turing' } },
          { id: 't6', editor: { id: 'phantom', name: 'Phantom' } },
        ],
      });
      // Stock reports what the subgraph sent: one error per representation it resolved.
      expect(codes(o)).toEqual(['STALE_REPLICA', 'STALE_REPLICA']);
    },
  },
  {
    name: 'entity resolution errors next to successful fetches of the same type elsewhere in the query',
    query: '{ products { id reviews { id editor { name } } } troubleReviews(kind: "ghost") { editor { username } } }',
    stock: (o) => expect(codes(o)).toEqual(['USER_NOT_FOUND', 'USER_NOT_FOUND']),
  },
  {
    name: 'the same failing representations under two aliases',
    query: '{ a: troubleReviews(kind: "ghost") { editor { name } } b: troubleReviews(kind: "ghost") { id editor { id name } } }',
    stock: (o) => expect(o.errors?.map((e) => e.path)).toEqual([['a', 0, 'editor'], ['a', 2, 'editor'], ['b', 0, 'editor'], ['b', 2, 'editor']]),
  },
  {
    name: 'errors with and without a path from one entity fetch (ghost and phantom editors together)',
    query: '{ g: troubleReviews(kind: "ghost") { editor { name } } p: troubleReviews(kind: "phantom") { editor { name } } }',
    stock: (o) => expect(codes(o).sort()).toEqual(['STALE_REPLICA', 'STALE_REPLICA', 'USER_NOT_FOUND', 'USER_NOT_FOUND']),
  },
  {
    name: 'an error without a path in one entity fetch next to the data of another',
    query: '{ troubleReviews(kind: "phantom") { editor { nickname } product { inStock } } reviews { author { name } } }',
    stock: (o) => expect(codes(o)).toEqual(['STALE_REPLICA', 'STALE_REPLICA']),
  },
  {
    name: 'a parse error',
    query: '{ products { id }',
    stock: (o) => {
      expect(o.status).toBe(400);
      expect(codes(o)).toEqual(['GRAPHQL_PARSE_FAILED']);
    },
  },
  {
    name: 'a validation error: unknown field',
    query: '{ products { id colour } }',
    stock: (o) => {
      expect(o.status).toBe(400);
      expect(codes(o)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    },
  },
  {
    name: 'a missing non-null variable',
    query: 'query ($id: ID!) { product(id: $id) { id } }',
    stock: (o) => {
      expect(o.status).toBe(400);
      expect(codes(o)).toEqual(['BAD_USER_INPUT']);
    },
  },
  {
    name: 'a variable of the wrong type (an enum value that does not exist)',
    query: 'query ($c: Currency!) { product(id: "p1") { price(currency: $c) } }',
    variables: { c: 'GBP' },
    stock: (o) => expect(codes(o)).toEqual(['BAD_USER_INPUT']),
  },
]);
