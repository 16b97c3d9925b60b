// @inaccessible and @tag: an @inaccessible field is not in the API schema (queries naming it are
// invalid, introspection does not show it), yet subgraphs still use it (@requires, see
// entities.test.ts); a @tag changes nothing for callers. Introspection of the API schema must
// match stock once contracts are off.
import { expect } from 'vitest';
import { differential, useCompat, type Outcome } from './harness.ts';

const setup = useCompat();
const codes = (o: Outcome) => (o.errors ?? []).map((e) => e.code);
const fieldNames = (o: Outcome) => ((o.data as { __type: { fields: { name: string }[] } }).__type.fields ?? []).map((f) => f.name);

differential(setup, [
  {
    name: '@inaccessible field on an entity cannot be queried',
    query: '{ products { id secretCost } }',
    stock: (o) => {
      expect(o.status).toBe(400);
      expect(codes(o)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(o.errors?.[0].message).toBe('Cannot query field "secretCost" on type "Product".');
    },
  },
  {
    name: '@inaccessible field of another subgraph\'s entity cannot be queried',
    query: '{ reviews { author { internalScore } } }',
    stock: (o) => expect(codes(o)).toEqual(['GRAPHQL_VALIDATION_FAILED']),
  },
  {
    name: '@tag fields are served like any other',
    query: '{ products { category } users { email } }',
    stock: (o) => {
      expect(o.errors).toBeUndefined();
      expect(o.data).toEqual({
        products: [{ category: 'home' }, { category: 'office' }, { category: 'office' }],
        users: [{ email: 'ada@example.org' }, { email: 'alan@example.org' }, { email: 'grace@example.org' }],
      });
    },
  },
  {
    name: 'introspection of an entity hides @inaccessible fields and keeps @tag ones',
    query: '{ __type(name: "Product") { name fields { name } } }',
    stock: (o) => {
      expect(fieldNames(o)).toContain('category');
      expect(fieldNames(o)).toContain('margin');
      expect(fieldNames(o)).not.toContain('secretCost');
    },
  },
  {
    name: 'introspection of the root types',
    query: '{ __schema { queryType { fields { name } } mutationType { fields { name args { name } } } } }',
    stock: (o) => expect(JSON.stringify(o.data)).toContain('"name":"restock"'),
  },
  {
    name: 'introspection of User: the overridden field once, the @inaccessible one not at all',
    query: '{ __type(name: "User") { fields { name type { name kind ofType { name } } } } }',
    stock: (o) => expect(fieldNames(o)).toEqual(['id', 'username', 'name', 'nickname', 'email', 'reviews']),
  },
  {
    name: 'the federation internals (_entities, _service) are not in the API schema',
    query: '{ _service { sdl } }',
    stock: (o) => expect(codes(o)).toEqual(['GRAPHQL_VALIDATION_FAILED']),
  },
]);
