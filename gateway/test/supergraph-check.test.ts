// Hot reload against the running subgraphs: the gateway as shipped (startGateway, fed by a
// watched file) over real federation subgraphs (@apollo/subgraph behind the kit's HTTP front,
// answering only the gateway's internal token). A supergraph that composes but routes a field to
// a subgraph that lacks it is refused; the last good one keeps serving; /health names the field.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { serveHttp, verifyInternalToken, type RunningHttpServer } from '@pleiadi/kit';
import { GraphQLError, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigFromEnvironment } from '../src/auth/caller.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';
import { createSupergraphSource, type SupergraphSource, type SupergraphStatus } from '../src/supergraph/source.ts';

const internalSecret = 'i'.repeat(32);
const auth = authConfigFromEnvironment({ PLEIADI_JWT_SECRET: 'j'.repeat(32) });
const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@tag"])';

/** A real subgraph: resolves every Query field with its own name, refuses calls without the internal token. */
async function startSubgraph(typeDefs: string, port = 0): Promise<RunningHttpServer> {
  const schema = buildSubgraphSchema({ typeDefs: parse(`${federation} ${typeDefs}`), resolvers: {} });
  for (const field of Object.values(schema.getQueryType()!.getFields())) field.resolve ??= () => field.name;
  const apollo = new ApolloServer({ schema });
  await apollo.start();
  const http = await serveHttp({
    apollo,
    port,
    context: async (request) => {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
      await verifyInternalToken(token, internalSecret).catch(() => {
        throw new GraphQLError('gateway only', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      });
      return {};
    },
    health: async () => ({ ok: true }),
  });
  return { ...http, close: async () => (await http.close(), await apollo.stop()) };
}

/** Every field tagged public, so anonymous callers (the public contract) see it. */
const tagged = (typeDefs: string) => typeDefs.replace(/(\w+(?:\([^)]*\))?: String)/g, '$1 @tag(name: "public")');

function supergraphOf(services: Record<string, { typeDefs: string; url: string }>): string {
  const result = composeServices(Object.entries(services).map(([name, s]) => ({ name, url: s.url, typeDefs: parse(`${federation} ${tagged(s.typeDefs)}`) })));
  if (result.errors) throw result.errors[0];
  return result.supergraphSdl;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

async function until(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function post(url: string, query: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] } };
}

let dir: string;
let hello: RunningHttpServer;
let gateway: RunningGateway;
let source: SupergraphSource;
let file: string;
const health = async () => (await (await fetch(new URL('/health', gateway.url))).json()) as { supergraph: SupergraphStatus };
const swap = async (sdl: string) => {
  writeFileSync(file, sdl);
  await source.reload();
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-check-'));
  // The running subgraph has hello and world; v1 routes hello only.
  hello = await startSubgraph('type Query { hello: String world: String }');
  file = path.join(dir, 'supergraph.graphql');
  writeFileSync(file, supergraphOf({ hello: { typeDefs: 'type Query { hello: String }', url: hello.url } }));
  source = createSupergraphSource({ file, pollMs: 200, subgraphCheck: { internalSecret } });
  gateway = await startGateway({ port: 0, supergraphSdl: '', subgraphUrls: {}, auth, internalSecret, supergraphSource: source });
});
afterAll(async () => {
  await gateway?.stop();
  await hello?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a supergraph checked against the running subgraphs before it serves', () => {
  it('refuses one that routes a field to a subgraph lacking it, keeps the last good one, names the field in /health', async () => {
    const good = source.status().hash;
    const misrouted = supergraphOf({ hello: { typeDefs: 'type Query { hello: String planet(name: String): String }', url: hello.url } });
    await swap(misrouted);
    const status = (await health()).supergraph;
    expect(status.hash).toBe(good);
    expect(status.updates).toBe(0);
    expect(status.lastError?.message).toMatch(/^refused: routes to running subgraphs what they do not have: Query\.planet \(subgraph hello\)/);
    expect(status.lastError?.missing).toEqual([
      { subgraph: 'hello', coordinate: 'Query.planet' },
      { subgraph: 'hello', coordinate: 'Query.planet(name:)' },
    ]);
    // The last good one serves: hello answers, planet is not in its schema.
    expect(await post(gateway.url, '{ hello }')).toEqual({ status: 200, body: { data: { hello: 'hello' } } });
    expect((await post(gateway.url, '{ planet }')).body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('takes one whose every routed field the subgraph has', async () => {
    await swap(supergraphOf({ hello: { typeDefs: 'type Query { hello: String world: String }', url: hello.url } }));
    const status = (await health()).supergraph;
    expect(status).toMatchObject({ updates: 1 });
    expect(status.lastError).toBeUndefined();
    expect(await post(gateway.url, '{ hello world }')).toEqual({ status: 200, body: { data: { hello: 'hello', world: 'world' } } });
  });

  it('waits for an unreachable subgraph it newly routes to, and swaps once that subgraph answers', async () => {
    const port = await freePort();
    const otherUrl = `http://127.0.0.1:${port}/graphql`;
    const withOther = supergraphOf({
      hello: { typeDefs: 'type Query { hello: String world: String }', url: hello.url },
      other: { typeDefs: 'type Query { moon: String }', url: otherUrl },
    });
    await swap(withOther);
    expect(source.status()).toMatchObject({ updates: 1, lastError: { message: expect.stringMatching(/cannot check what it newly routes to subgraph other \(fetch failed: ECONNREFUSED\)/) } });
    const other = await startSubgraph('type Query { moon: String }', port);
    try {
      // No new file event: the source looks again by itself.
      await until('the swap', () => source.status().updates === 2);
      expect(source.status().lastError).toBeUndefined();
      expect(await post(gateway.url, '{ moon }')).toEqual({ status: 200, body: { data: { moon: 'moon' } } });
    } finally {
      await other.close();
    }
    // other is down now, but a supergraph that changes only hello's part does not need it.
    await swap(
      supergraphOf({
        hello: { typeDefs: 'type Query { hello: String world: String }', url: hello.url },
        other: { typeDefs: 'type Query { moon: String }', url: otherUrl },
      }).replace('type Query', '# same routing, new text\ntype Query'),
    );
    expect(source.status()).toMatchObject({ updates: 3 });
    expect(source.status().lastError).toBeUndefined();
  });
});
