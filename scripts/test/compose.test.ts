// The committed SDLs and supergraph must be what the code produces, and composition errors must say what to fix.
import { describe, expect, it } from 'vitest';
import { compose } from '../src/compose.ts';
import { composeSupergraph } from '../src/composition.ts';

describe('generated schema files', () => {
  it('are up to date with the code (run `npm run compose` when this fails)', async () => {
    const outcome = await compose({ write: false });
    expect(outcome.errors).toEqual([]);
    expect(outcome.drifted).toEqual([]);
  });
});

describe('composition errors', () => {
  const header = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key", "@shareable"])';

  it('name the subgraphs, type and field, with the fix to look for', () => {
    const result = composeSupergraph([
      { name: 'one', url: 'http://one', sdl: `${header}\ntype Query { a: Int }\ntype Thing @key(fields: "id") { id: ID! name: String }` },
      { name: 'two', url: 'http://two', sdl: `${header}\ntype Query { b: Int }\ntype Thing @key(fields: "id") { id: ID! name: String }` },
    ]);
    expect(result.ok).toBe(false);
    const text = (result as { errors: string[] }).errors.join('\n');
    expect(text).toMatch(/INVALID_FIELD_SHARING/);
    expect(text).toMatch(/Thing\.name/);
    expect(text).toMatch(/"one" and "two"/);
    expect(text).toMatch(/fix: .*@shareable/);
  });

  it('report SDL that does not parse with the subgraph name', () => {
    const result = composeSupergraph([{ name: 'broken', url: 'http://x', sdl: 'type Query {' }]);
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/^INVALID_GRAPHQL: \[broken\]/)] });
  });
});
