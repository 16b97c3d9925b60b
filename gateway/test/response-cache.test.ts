// The response cache keys by what is executed and keeps answers only as long as the subgraphs'
// hints allow; bounded input is refused with a 400 before anything walks it.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigFromEnvironment } from '../src/auth/caller.ts';
import { mintToken } from '../src/auth/tokens.ts';
import { operationHash } from '../src/admission/safelist.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';

// A subgraph that counts how often each field is resolved, with one field per kind of hint.
const reads: Record<string, number> = { greeting: 0, fresh: 0, secret: 0 };
let stamp = 0;
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
  type Query {
    greeting(name: String): String @cacheControl(maxAge: 60)
    fresh: Int
    secret: String @cacheControl(maxAge: 60, scope: PRIVATE)
    stamp: Int @cacheControl(maxAge: 60)
  }
  type Mutation { bump: Int }
`);
const resolvers = {
  Query: {
    greeting: (_: unknown, { name }: { name?: string }) => (reads.greeting++, `hello ${name ?? 'world'}`),
    fresh: () => ++reads.fresh,
    secret: () => (reads.secret++, 'mine'),
    stamp: () => stamp,
  },
  Mutation: { bump: () => ++stamp },
};

const JWT_SECRET = 'x'.repeat(32);
let subgraph: { url: string; stop: () => Promise<void> };
let gateway: RunningGateway;
let operations: string;

beforeAll(async () => {
  const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  subgraph = { url, stop: () => server.stop() };
  const composed = composeServices([{ name: 'things', url, typeDefs }]);
  if (composed.errors) throw composed.errors[0];
  operations = mkdtempSync(path.join(tmpdir(), 'pleiadi-operations-'));
  writeFileSync(path.join(operations, 'Greeting.graphql'), 'query Greeting { greeting }');
  writeFileSync(path.join(operations, 'Personal.graphql'), 'query Personal { greeting(name: "me") }');
  gateway = await startGateway({
    port: 0,
    supergraphSdl: composed.supergraphSdl,
    subgraphUrls: {},
    auth: authConfigFromEnvironment({ PLEIADI_JWT_SECRET: JWT_SECRET }),
    internalSecret: 'y'.repeat(32),
    operationsDir: operations,
    contracts: false,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await subgraph?.stop();
});

async function post(body: unknown, token?: string): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] } }> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Awaited<ReturnType<typeof post>>['body'] };
}

describe('the response cache', () => {
  it('tells registered operations sent by hash alone apart', async () => {
    const token = await mintToken({ role: 'bi' }, JWT_SECRET);
    const byHash = (text: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: operationHash(text) } } });
    const first = await post(byHash('query Greeting { greeting }'), token);
    const second = await post(byHash('query Personal { greeting(name: "me") }'), token);
    expect(first.body.data).toEqual({ greeting: 'hello world' });
    expect(second.body.data).toEqual({ greeting: 'hello me' });
  });

  it('reuses an answer the subgraph hints may be kept, and only for the same variables', async () => {
    const before = reads.greeting;
    const query = 'query($name: String) { greeting(name: $name) }';
    await post({ query, variables: { name: 'a' } });
    await post({ query, variables: { name: 'a', unused: { deep: 1 } } });
    expect(reads.greeting - before).toBe(1);
    expect((await post({ query, variables: { name: 'b' } })).body.data).toEqual({ greeting: 'hello b' });
    expect(reads.greeting - before).toBe(2);
  });

  it('keeps nothing a subgraph gives no hint for, or a private one', async () => {
    const first = (await post({ query: '{ fresh }' })).body.data?.fresh;
    expect((await post({ query: '{ fresh }' })).body.data?.fresh).toBe((first as number) + 1);
    const before = reads.secret;
    await post({ query: '{ secret }' });
    await post({ query: '{ secret }' });
    expect(reads.secret - before).toBe(2);
  });

  it('lets a mutation through the gateway evict what it may have changed', async () => {
    const read = async () => (await post({ query: '{ stamp }' })).body.data?.stamp;
    const before = await read();
    expect(await read()).toBe(before);
    const bumped = await post({ query: 'mutation { bump }' });
    expect(bumped.body.data?.bump).toBe((before as number) + 1);
    expect(await read()).toBe((before as number) + 1);
  });
});

describe('bounded input', () => {
  const nested = (depth: number) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth));

  it.each([40, 5_000, 50_000])('refuses variables nested %i deep with a 400, not a 500', async (depth) => {
    const { status, body } = await post(`{"query":"{ greeting }","variables":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
    expect(status).toBe(400);
    expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses deep extensions alike, and answers input within the bounds', async () => {
    expect((await post({ query: '{ greeting }', extensions: { x: nested(40) } })).status).toBe(400);
    const within = await post({ query: 'query($name: String) { greeting(name: $name) }', variables: { name: 'c', other: nested(20) } });
    expect(within.body.data).toEqual({ greeting: 'hello c' });
  });
});
