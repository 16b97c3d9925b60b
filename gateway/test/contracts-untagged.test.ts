// Contracts are optional: a supergraph composed from two small foreign subgraphs with no @tag at all
// starts the gateway as shipped (startGateway, configFromEnvironment's supergraph source), a
// partner is served, an anonymous caller is told CONTRACT_UNAVAILABLE with contracts on and served
// with them off, and a hot reload to an untagged supergraph is accepted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildClientSchema, getIntrospectionQuery, parse, printSchema, type GraphQLObjectType, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken, type TokenRequest } from '../src/auth/tokens.ts';
import { configFromEnvironment, type GatewayConfig } from '../src/config.ts';
import { apiSchemaOf, buildContracts, contractsEnabledFromEnvironment } from '../src/contracts/contracts.ts';
import { startGateway, type RunningGateway } from '../src/server.ts';

const JWT_SECRET = 'untagged-contracts-secret-'.repeat(2);
const INTERNAL_SECRET = 'untagged-internal-secret-'.repeat(2);
const PARTNER: TokenRequest = { role: 'partner', partnerId: 'ial-er', purpose: 'case-coordination' };
const BI: TokenRequest = { role: 'bi' };

const BOOKS = [
  { id: '1', title: 'Il barone rampante' },
  { id: '2', title: 'Le città invisibili' },
];

/** Two subgraphs of someone else's: an entity, its extension, and (when `tagged`) one public tag. */
function foreignSubgraphs(tagged: boolean) {
  const link = (imports: string[]) => `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${imports.map((i) => `"${i}"`).join(', ')}])`;
  const tag = tagged ? ' @tag(name: "public")' : '';
  return {
    catalogue: {
      typeDefs: parse(`${link(tagged ? ['@key', '@tag'] : ['@key'])}
        type Query { books: [Book!]!${tag} book(id: ID!): Book }
        type Book @key(fields: "id") { id: ID!${tag} title: String!${tag} }`),
      resolvers: {
        Query: { books: () => BOOKS, book: (_: unknown, { id }: { id: string }) => BOOKS.find((b) => b.id === id) ?? null },
        Book: { __resolveReference: ({ id }: { id: string }) => BOOKS.find((b) => b.id === id) ?? null },
      },
    },
    reviews: {
      typeDefs: parse(`${link(['@key'])}
        type Book @key(fields: "id") { id: ID! reviews: [Review!]! }
        type Review { stars: Int! }`),
      resolvers: { Book: { reviews: ({ id }: { id: string }) => [{ stars: Number(id) + 3 }] } },
    },
  };
}

interface Foreign {
  urls: Record<'catalogue' | 'reviews', string>;
  stop(): Promise<void>;
}

async function startForeignSubgraphs(): Promise<Foreign> {
  const urls = {} as Foreign['urls'];
  const servers: ApolloServer[] = [];
  // Both variants resolve alike: the servers run the tagged schema; tags are only in the supergraph.
  for (const [name, { typeDefs, resolvers }] of Object.entries(foreignSubgraphs(true)) as [keyof Foreign['urls'], ReturnType<typeof foreignSubgraphs>['catalogue']][]) {
    const server = new ApolloServer({ schema: buildSubgraphSchema({ typeDefs, resolvers }), plugins: [ApolloServerPluginInlineTraceDisabled()] });
    servers.push(server);
    urls[name] = (await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } })).url;
  }
  return { urls, stop: async () => void (await Promise.all(servers.map((s) => s.stop()))) };
}

function supergraphOf(urls: Foreign['urls'], tagged: boolean): string {
  const subgraphs = foreignSubgraphs(tagged);
  const result = composeServices([
    { name: 'catalogue', url: urls.catalogue, typeDefs: subgraphs.catalogue.typeDefs },
    { name: 'reviews', url: urls.reviews, typeDefs: subgraphs.reviews.typeDefs },
  ]);
  if (result.errors) throw result.errors[0];
  return result.supergraphSdl;
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function ask(gateway: RunningGateway, query: string, caller?: TokenRequest): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller) headers.authorization = `Bearer ${await mintToken(caller, JWT_SECRET)}`;
  const response = await fetch(gateway.url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const QUERY = '{ books { title reviews { stars } } }';
const DATA = { books: [{ title: 'Il barone rampante', reviews: [{ stars: 4 }] }, { title: 'Le città invisibili', reviews: [{ stars: 5 }] }] };

function expectUnavailable(answer: Answer, contract: string, audience: RegExp) {
  expect(answer.status).toBe(403);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors![0].extensions).toEqual({ code: 'CONTRACT_UNAVAILABLE', contract });
  expect(answer.body.errors![0].message).toMatch(new RegExp(`"${contract}" API contract`));
  expect(answer.body.errors![0].message).toMatch(audience);
}

let foreign: Foreign;
let dir: string;
beforeAll(async () => {
  foreign = await startForeignSubgraphs();
  dir = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-untagged-'));
});
afterAll(async () => {
  await foreign?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The gateway as `npm start -w @pleiadi/gateway` builds it, from the environment, over `file`. */
async function startFromEnvironment(file: string, env: Record<string, string> = {}): Promise<{ gateway: RunningGateway; config: GatewayConfig }> {
  const config = configFromEnvironment({
    PLEIADI_SUPERGRAPH_PATH: file,
    PLEIADI_JWT_SECRET: JWT_SECRET,
    PLEIADI_INTERNAL_SECRET: INTERNAL_SECRET,
    PLEIADI_INTROSPECTION: 'true',
    PLEIADI_RESPONSE_CACHE_TTL: '0',
    ...env,
  });
  return { gateway: await startGateway({ ...config, port: 0, host: '127.0.0.1' }), config };
}

describe('the contracts of an untagged supergraph', () => {
  it('offer full, bi and region (nothing to exclude: the whole API schema), and no public contract, saying why', () => {
    const sdl = supergraphOf(foreign.urls, false);
    const contracts = buildContracts(sdl);
    const api = printSchema(apiSchemaOf(sdl));
    expect(contracts.public).toBeUndefined();
    expect(contracts.notOffered).toEqual({ public: 'no element of the supergraph is tagged "public"' });
    for (const name of ['full', 'bi', 'region'] as const) expect(printSchema(contracts[name]!), name).toBe(api);
  });

  it('offer a public contract as soon as one field is tagged', () => {
    const contracts = buildContracts(supergraphOf(foreign.urls, true));
    expect(contracts.notOffered).toEqual({});
    const fields = (type: string) => Object.keys((contracts.public!.getType(type) as GraphQLObjectType | undefined)?.getFields() ?? {});
    expect(fields('Query')).toEqual(['books']);
    expect(fields('Book')).toEqual(['id', 'title']);
    expect(contracts.public!.getType('Review')).toBeUndefined();
  });
});

describe('the contracts setting', () => {
  it('is on by default and off with PLEIADI_CONTRACTS=off; anything else stops the start', () => {
    expect(contractsEnabledFromEnvironment({})).toBe(true);
    expect(contractsEnabledFromEnvironment({ PLEIADI_CONTRACTS: ' on ' })).toBe(true);
    expect(contractsEnabledFromEnvironment({ PLEIADI_CONTRACTS: 'OFF' })).toBe(false);
    expect(() => contractsEnabledFromEnvironment({ PLEIADI_CONTRACTS: 'no' })).toThrow('PLEIADI_CONTRACTS="no" is not valid: expected on (default) or off.');
    const file = path.join(dir, 'setting.graphql');
    writeFileSync(file, supergraphOf(foreign.urls, false));
    const base = { PLEIADI_SUPERGRAPH_PATH: file, PLEIADI_JWT_SECRET: JWT_SECRET, PLEIADI_INTERNAL_SECRET: INTERNAL_SECRET };
    expect(configFromEnvironment(base).contracts).toBe(true);
    expect(configFromEnvironment({ ...base, PLEIADI_CONTRACTS: 'off' }).contracts).toBe(false);
    expect(() => configFromEnvironment({ ...base, PLEIADI_CONTRACTS: 'maybe' })).toThrow(/PLEIADI_CONTRACTS="maybe" is not valid/);
  });
});

describe('a gateway over an untagged supergraph', () => {
  it('starts, serves a partner and a BI tool, and refuses anonymous callers with CONTRACT_UNAVAILABLE', async () => {
    const file = path.join(dir, 'on.graphql');
    writeFileSync(file, supergraphOf(foreign.urls, false));
    const { gateway } = await startFromEnvironment(file);
    try {
      expect(await ask(gateway, QUERY, PARTNER)).toEqual({ status: 200, body: { data: DATA } });
      expect(await ask(gateway, QUERY, BI)).toEqual({ status: 200, body: { data: DATA } });
      expectUnavailable(await ask(gateway, QUERY), 'public', /anonymous callers/);
      // Not even introspection: there is no schema to show them.
      expectUnavailable(await ask(gateway, '{ __schema { queryType { name } } }'), 'public', /anonymous callers/);
    } finally {
      await gateway.stop();
    }
  });

  it('with contracts off serves every caller the whole API schema, anonymous ones included', async () => {
    const file = path.join(dir, 'off.graphql');
    const sdl = supergraphOf(foreign.urls, false);
    writeFileSync(file, sdl);
    const { gateway, config } = await startFromEnvironment(file, { PLEIADI_CONTRACTS: 'off' });
    try {
      expect(config.contracts).toBe(false);
      expect(await ask(gateway, QUERY)).toEqual({ status: 200, body: { data: DATA } });
      const introspection = await ask(gateway, getIntrospectionQuery());
      expect(printSchema(buildClientSchema(introspection.body.data as unknown as IntrospectionQuery))).toBe(printSchema(apiSchemaOf(sdl)));
    } finally {
      await gateway.stop();
    }
  });

  it('accepts a hot reload to an untagged supergraph: the public contract goes, everyone else is still served', async () => {
    const file = path.join(dir, 'reload.graphql');
    writeFileSync(file, supergraphOf(foreign.urls, true));
    const { gateway, config } = await startFromEnvironment(file);
    try {
      expect(await ask(gateway, '{ books { title } }')).toEqual({ status: 200, body: { data: { books: BOOKS.map(({ title }) => ({ title })) } } });
      // Outside the public contract, as if it did not exist.
      expect((await ask(gateway, QUERY)).body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

      writeFileSync(file, supergraphOf(foreign.urls, false));
      await config.supergraphSource!.reload();
      const status = config.supergraphSource!.status();
      expect(status.lastError).toBeUndefined();
      expect(status.updates).toBe(1);
      expectUnavailable(await ask(gateway, '{ books { title } }'), 'public', /anonymous callers/);
      expect(await ask(gateway, QUERY, PARTNER)).toEqual({ status: 200, body: { data: DATA } });
      expect(await ask(gateway, QUERY, BI)).toEqual({ status: 200, body: { data: DATA } });

      // And back: the public contract is offered again.
      writeFileSync(file, supergraphOf(foreign.urls, true));
      await config.supergraphSource!.reload();
      expect(config.supergraphSource!.status()).toMatchObject({ updates: 2 });
      expect((await ask(gateway, '{ books { title } }')).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});
