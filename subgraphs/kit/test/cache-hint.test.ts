// The cache hint a subgraph gives the gateway with every answer (cache-hint.ts): what every caller
// of a role gets alike for PLEIADI_CACHE_MAX_AGE seconds; a partner operator's answers, answers
// with errors and answers a resolver keeps from shared caches, never.
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControlOf, keepFromSharedCaches, type Viewer } from '../src/index.ts';
import { startTestSubgraphServer, type TestSubgraphServer } from '../src/testing/index.ts';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'ciao' },
      audited: { type: GraphQLString, resolve: (_source, _args, context: object) => (keepFromSharedCaches(context), 'exact') },
      broken: { type: GraphQLString, resolve: () => { throw new Error('no'); } },
    },
  }),
});

const REGION: Viewer = { role: 'region', purpose: 'reporting', subject: 'r', operationHash: 'h' };
const OPERATOR: Viewer = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination', subject: 'o', operationHash: 'h' };

describe('the cache hint of a subgraph answer', () => {
  let server: TestSubgraphServer;
  beforeAll(async () => {
    server = await startTestSubgraphServer('cache_hint', schema);
  });
  afterAll(() => server?.stop());
  const hintOf = async (viewer: Viewer, query: string) => {
    const response = await server.postAs(viewer, query);
    await response.json();
    return response.headers.get('cache-control');
  };

  it('lets the gateway keep what every caller of the role gets alike for the configured max-age', async () => {
    expect(await hintOf(REGION, '{ hello }')).toBe('max-age=30, public');
  });

  it('says no-store for a partner operator, an answer with errors, and one kept from shared caches', async () => {
    expect(await hintOf(OPERATOR, '{ hello }')).toBe('no-store');
    expect(await hintOf(REGION, '{ hello broken }')).toBe('no-store');
    expect(await hintOf(REGION, '{ hello audited }')).toBe('no-store');
    expect(await hintOf(REGION, '{ hello }')).toBe('max-age=30, public'); // kept per request, not for good
  });

  it('says no-store for everything when the max-age is 0', () => {
    expect(cacheControlOf(0, { privateToCaller: false, hasErrors: false })).toBe('no-store');
    expect(cacheControlOf(5, { privateToCaller: false, hasErrors: false })).toBe('max-age=5, public');
  });
});
