// A real subgraph server over any schema, on a fresh test database, with requests signed as the
// gateway signs them: for tests of what the kit's door and plugins do to an answer.
import type { GraphQLSchema } from 'graphql';
import type { Viewer } from '../context.ts';
import { signInternalToken } from '../identity.ts';
import { startSubgraphServer } from '../server.ts';
import { createTestDatabase, TEST_INTERNAL_SECRET } from './databases.ts';

export interface TestSubgraphServer {
  /** POSTs `{ query }` as `viewer`, through the gateway's internal token (and any other `headers`, e.g. a traceparent). */
  postAs(viewer: Viewer, query: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export async function startTestSubgraphServer(label: string, schema: GraphQLSchema): Promise<TestSubgraphServer> {
  const database = await createTestDatabase<unknown>(label);
  const server = await startSubgraphServer({ name: 'test', owner: 'the test', schema, databases: { main: database }, internalSecret: TEST_INTERNAL_SECRET, port: 0, host: '127.0.0.1' });
  return {
    postAs: (viewer, query, headers = {}) =>
      fetch(server.url, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', authorization: `Bearer ${signInternalToken(viewer, TEST_INTERNAL_SECRET)}` },
        body: JSON.stringify({ query }),
      }),
    stop: async () => {
      await server.stop(0);
      await database.drop();
    },
  };
}
