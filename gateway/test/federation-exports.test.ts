// Apollo's federation packages flattened (src/federation-exports.ts), first thing in this file as
// in the gateway's entry points: the gateways below plan and shape answers across four subgraphs
// on the plain objects, and afterwards every export still has the value its getter gives, but
// operationFromDocument, which reuses the Operations it built (src/operation-reuse.ts).
import { FLATTENED_PACKAGES, liveExports } from '../src/federation-exports.ts';
import { isReusingOperations } from '../src/operation-reuse.ts';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { dataOf, differential, useCompat } from './compat/harness.ts';

const require = createRequire(import.meta.url);
const setup = useCompat();

differential(setup, [
  {
    name: 'entities across three subgraphs, on flattened packages',
    query: '{ reviews { id product { id inStock shippingEstimate } } }',
    stock: (o) => expect((dataOf(o).reviews as unknown[])[3]).toEqual({ id: 'r4', product: { id: 'p3', inStock: 2, shippingEstimate: 56 } }),
  },
  {
    name: 'a union of entities owned by three subgraphs, on flattened packages',
    query: '{ feed { __typename ... on Review { id author { name } } ... on Product { sku inStock } ... on User { name } } }',
    stock: (o) => expect((dataOf(o).feed as unknown[]).length).toBe(3),
  },
]);

it('leaves every package a plain object whose values are what its getters give', () => {
  expect([...liveExports.keys()]).toEqual([...FLATTENED_PACKAGES]);
  for (const name of FLATTENED_PACKAGES) {
    const live = liveExports.get(name)!;
    const flat = require(name) as Record<string, unknown>;
    expect(flat).not.toBe(live);
    expect(Object.values(Object.getOwnPropertyDescriptors(flat)).filter((d) => d.get)).toEqual([]);
    expect(Object.keys(flat).sort()).toEqual(Object.keys(live).sort());
    const changed = Object.keys(live).filter((key) => !Object.is(flat[key], live[key]));
    const reused = name === '@apollo/federation-internals' ? ['operationFromDocument'] : [];
    expect(changed, `${name}: exports whose value changed since loading`).toEqual(reused);
    for (const key of reused) expect(isReusingOperations(flat[key])).toBe(true);
    expect(flat.__esModule).toBe(true);
  }
});
