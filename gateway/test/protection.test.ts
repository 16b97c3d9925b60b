// Hostile-input protection, end to end: a real ApolloGateway + ApolloServer over the committed
// supergraph, served by the kit's HTTP front, with every subgraph pointing to a local stub that
// counts the requests it gets. A refused operation must leave the count at 0.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { REPOSITORY_ROOT, serveHttp } from '@pleiadi/kit';
import { getIntrospectionQuery, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectionAllowed } from '../src/admission/introspection.ts';
import { createLimitsPlugin, DEFAULT_LIMITS, limitsFromEnvironment, measureOperation, type RequestLimits } from '../src/admission/limits.ts';
import {
  createSafelistPlugin,
  DEFAULT_OPERATIONS_DIR,
  loadSafelist,
  operationHash,
  operationsModeFromEnvironment,
  persistedQueryOptions,
  type OperationsMode,
} from '../src/admission/safelist.ts';
import { startStubSubgraph, type Stub } from './stub-subgraph.ts';

const supergraphSdl = readFileSync(path.join(REPOSITORY_ROOT, 'schema', 'supergraph.graphql'), 'utf8');
const safelist = loadSafelist();


interface TestGateway {
  url: string;
  /** The API schema, as plugins see it. */
  schema(): GraphQLSchema;
  stop(): Promise<void>;
}

async function startTestGateway(
  stub: Stub,
  options: { mode?: OperationsMode; introspection?: boolean; limits?: RequestLimits; plugins?: ApolloServerPlugin[] } = {},
): Promise<TestGateway> {
  const mode = options.mode ?? 'off';
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
  const gateway = new ApolloGateway({ supergraphSdl, logger: quiet, buildService: () => new RemoteGraphQLDataSource({ url: stub.url }) });
  let apiSchema: GraphQLSchema | undefined;
  const apollo = new ApolloServer({
    gateway,
    logger: quiet,
    includeStacktraceInErrorResponses: false,
    // What gateway.ts is to pass:
    introspection: options.introspection ?? false,
    persistedQueries: persistedQueryOptions(safelist, mode),
    plugins: [
      createLimitsPlugin(options.limits ?? DEFAULT_LIMITS),
      createSafelistPlugin(safelist, { mode }),
      { async serverWillStart() { return { schemaDidLoadOrUpdate: ({ apiSchema: schema }) => void (apiSchema = schema) }; } },
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  const http = await serveHttp({ apollo, context: async () => ({}), health: async () => ({ ok: true }) });
  return {
    url: http.url,
    schema: () => apiSchema!,
    stop: async () => {
      await http.close();
      await apollo.stop();
    },
  };
}

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

async function post(url: string, body: Record<string, unknown>, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** The answer and how many subgraph requests it caused. */
async function run(stub: Stub, request: () => Promise<Answer>): Promise<Answer & { subgraphCalls: number }> {
  const before = stub.requests;
  const answer = await request();
  return { ...answer, subgraphCalls: stub.requests - before };
}

const codes = (answer: Answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code);

const PROTECTION_CODES = [
  'DOCUMENT_TOO_LARGE',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_ROOT_FIELDS',
  'QUERY_TOO_COSTLY',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'PERSISTED_QUERY_NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
];

/** Went through to the subgraphs: the stub's empty answers may cause errors, none of ours. */
function expectPassedThrough(answer: Answer & { subgraphCalls: number }) {
  expect(codes(answer).filter((code) => PROTECTION_CODES.includes(code as string))).toEqual([]);
  expect(answer.status).toBe(200);
  expect(answer.subgraphCalls).toBeGreaterThan(0);
}

function expectRefused(answer: Answer & { subgraphCalls: number }, code: string) {
  expect(codes(answer)).toEqual([code]);
  expect(answer.status).toBe(400);
  expect(answer.subgraphCalls).toBe(0);
  expect(answer.body.data).toBeUndefined();
}

// A chain Municipality → province → ambit → municipalities(first: 1) → nodes → … whose fields
// nest exactly `depth` levels deep, each level a single object, so only the depth grows.
function queryOfDepth(depth: number): string {
  const steps: [string, string][] = [
    ['province', 'Province'],
    ['ambit', 'Ambit'],
    ['municipalities(first: 1)', 'MunicipalityConnection'],
    ['nodes', 'Municipality'],
  ];
  const leaf: Record<string, string> = { Municipality: 'name', Province: 'name', Ambit: 'name', MunicipalityConnection: 'totalCount' };
  const opened = ['municipality(istatCode: "037006")'];
  let type = 'Municipality';
  for (let i = 0; opened.length < depth - 1; i++) {
    opened.push(steps[i % steps.length][0]);
    type = steps[i % steps.length][1];
  }
  return `{ ${opened.join(' { ')} { ${leaf[type]} }${' }'.repeat(opened.length)}`;
}

const aliasedCodes = (n: number) => `{ ambits { ${Array.from({ length: n }, (_, i) => `c${i}: code`).join(' ')} } }`;
const rootFields = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: ambits { code }`).join(' ')} }`;
const nestedCourses = (perMunicipality: number) => `{ municipalities(first: 1000) { nodes { cpiaCourses(first: ${perMunicipality}) { nodes { id } } } } }`;
/** A query padded with a comment to exactly `bytes` UTF-8 bytes. */
const queryOfBytes = (bytes: number, padding = ' ') => {
  const query = '{ ambits { code } }\n#';
  const count = Math.floor((bytes - query.length) / Buffer.byteLength(padding));
  return query + padding.repeat(count) + ' '.repeat(bytes - query.length - count * Buffer.byteLength(padding));
};

let stub: Stub;
beforeAll(async () => {
  stub = await startStubSubgraph();
});
afterAll(async () => {
  await stub.close();
});

describe('request limits', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(stub);
  });
  afterAll(async () => {
    await gateway.stop();
  });
  const send = (query: string, extra: Record<string, unknown> = {}) => run(stub, () => post(gateway.url, { query, ...extra }));

  it('refuses each limit with its own code, HTTP 400, the limit and the measured value, calling no subgraph', async () => {
    const cases: [string, string, RegExp][] = [
      ['QUERY_TOO_DEEP', queryOfDepth(13), /13 levels deep; the limit is 12/],
      ['TOO_MANY_ALIASES', aliasedCodes(31), /31 aliases .* the limit is 30/],
      ['TOO_MANY_ROOT_FIELDS', rootFields(21), /21 top-level fields; the limit is 20/],
      ['QUERY_TOO_COSTLY', nestedCourses(48), /estimated cost is 50,002; the limit is 50,000/],
      ['DOCUMENT_TOO_LARGE', queryOfBytes(20_001), /20,001 bytes; the gateway accepts at most 20,000/],
    ];
    for (const [code, query, message] of cases) {
      const answer = await send(query);
      expectRefused(answer, code);
      expect(answer.body.errors![0].message).toMatch(message);
      expect(answer.body.errors![0].extensions).not.toHaveProperty('http');
    }
  });

  it('lets an operation just under each limit through to the subgraphs', async () => {
    for (const query of [queryOfDepth(12), aliasedCodes(30), rootFields(20), nestedCourses(47), queryOfBytes(20_000)]) {
      expectPassedThrough(await send(query));
    }
  });

  it('multiplies the page sizes of nested connections, with variables and defaults resolved', async () => {
    const answer = await send(nestedCourses(100));
    expectRefused(answer, 'QUERY_TOO_COSTLY');
    expect(answer.body.errors![0].extensions).toMatchObject({ limit: 50_000, measured: 102_002 });

    const paged = 'query Page($n: Int, $m: Int) { municipalities(first: $n) { nodes { cpiaCourses(first: $m) { nodes { id kind } } } } }';
    expectRefused(await send(paged, { variables: { n: 1000, m: 30 } }), 'QUERY_TOO_COSTLY');
    expectPassedThrough(await send(paged, { variables: { n: 100, m: 30 } }));
    // Both absent: 50 × 50 pages, 2 + 50 × (2 + 50 × 2) = 5,102.
    const schema = gateway.schema();
    const document = parse(paged);
    expect(measureOperation(schema, document, getOperationAST(document)!, {}).cost).toBe(5_102);
    // Plain lists count 10: 1 + 10 × (1 + 1 + 10 × 2).
    const lists = parse('{ ambits { code provinces { code name } } }');
    expect(measureOperation(schema, lists, getOperationAST(lists)!).cost).toBe(221);
    // A page size over the schema's maximum counts as the maximum (the subgraph refuses it).
    const huge = parse('{ municipalities(first: 100000) { nodes { name } } }');
    expect(measureOperation(schema, huge, getOperationAST(huge)!).cost).toBe(1_002);
  });

  it('measures the operation selected by operationName, fragments and inline fragments included', async () => {
    const document = `
      query Cheap { ambits { code } }
      query Costly { municipalities(first: 1000) { ...Courses } }
      fragment Courses on MunicipalityConnection { nodes { ... on Municipality { cpiaCourses(first: 60) { nodes { id } } } } }`;
    expectPassedThrough(await send(document, { operationName: 'Cheap' }));
    expectRefused(await send(document, { operationName: 'Costly' }), 'QUERY_TOO_COSTLY');
  });

  it('checks the document size on the raw text, in bytes, before parsing', async () => {
    // Not GraphQL at all: a parse error would be GRAPHQL_PARSE_FAILED.
    expectRefused(await send('{'.repeat(25_000)), 'DOCUMENT_TOO_LARGE');
    // 6,700 characters, 20,100 bytes.
    const euros = queryOfBytes(20_100, '€');
    expect(euros.length).toBeLessThan(20_000);
    expectRefused(await send(euros), 'DOCUMENT_TOO_LARGE');
    // The HTTP front's body limit still applies above it.
    const answer = await run(stub, () => post(gateway.url, { query: queryOfBytes(1_100_000) }));
    expect(answer.status).toBe(413);
    expect(codes(answer)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('terminates on fragment cycles and measures exponential fragment fan-out in linear time', async () => {
    const cycle = `{ ambits { ...A } }
      fragment A on Ambit { provinces { ambit { ...B } } }
      fragment B on Ambit { code ...A }`;
    const refused = await send(cycle);
    expect(codes(refused)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(refused.subgraphCalls).toBe(0);
    // The measure alone (no validation in front of it) also terminates.
    const cyclic = parse(cycle);
    expect(measureOperation(gateway.schema(), cyclic, getOperationAST(cyclic)!)).toMatchObject({ depth: 4, rootFields: 1 });

    // F0 spreads F1 twice, F1 spreads F2 twice, …: 2^40 expansions of F40's field if walked naively.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Ambit { ...F${i + 1} ...F${i + 1} }`).join('\n');
    const fanOut = `{ ambits { ...F0 } }\n${fragments}\nfragment F40 on Ambit { code }`;
    const started = Date.now();
    expectRefused(await send(fanOut), 'QUERY_TOO_COSTLY');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('leaves variables that do not fit the operation to the gateway, which calls no subgraph either', async () => {
    const answer = await send('query Page($n: Int) { municipalities(first: $n) { nodes { name } } }', { variables: { n: 'many' } });
    expect(answer.status).toBe(400);
    expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.subgraphCalls).toBe(0);
  });

  it('applies limits configured from the environment', async () => {
    const strict = await startTestGateway(stub, { limits: limitsFromEnvironment({ PLEIADI_MAX_DEPTH: '3', PLEIADI_MAX_COST: '100' }) });
    try {
      const deep = await run(stub, () => post(strict.url, { query: queryOfDepth(4) }));
      expectRefused(deep, 'QUERY_TOO_DEEP');
      expectRefused(await run(stub, () => post(strict.url, { query: '{ municipalities(first: 99) { nodes { name } } }' })), 'QUERY_TOO_COSTLY');
      expectPassedThrough(await run(stub, () => post(strict.url, { query: '{ municipalities(first: 98) { nodes { name } } }' })));
    } finally {
      await strict.stop();
    }
  });
});

describe('limits from the environment', () => {
  it('defaults to depth 12, 30 aliases, 20 root fields, cost 50,000 and 20,000 bytes', () => {
    expect(limitsFromEnvironment({})).toEqual({ maxDepth: 12, maxAliases: 30, maxRootFields: 20, maxCost: 50_000, maxDocumentBytes: 20_000 });
    expect(limitsFromEnvironment({ PLEIADI_MAX_DEPTH: '' })).toEqual(DEFAULT_LIMITS);
  });

  it('reads each variable', () => {
    expect(
      limitsFromEnvironment({
        PLEIADI_MAX_DEPTH: '8',
        PLEIADI_MAX_ALIASES: '0',
        PLEIADI_MAX_ROOT_FIELDS: '5',
        PLEIADI_MAX_COST: ' 200000 ',
        PLEIADI_MAX_DOCUMENT_BYTES: '50000',
      }),
    ).toEqual({ maxDepth: 8, maxAliases: 0, maxRootFields: 5, maxCost: 200_000, maxDocumentBytes: 50_000 });
  });

  it('refuses to start on nonsense, naming the variable and what it expects', () => {
    for (const [variable, value] of [
      ['PLEIADI_MAX_DEPTH', 'twelve'],
      ['PLEIADI_MAX_DEPTH', '0'],
      ['PLEIADI_MAX_ALIASES', '-1'],
      ['PLEIADI_MAX_ROOT_FIELDS', '2.5'],
      ['PLEIADI_MAX_COST', '1e6'],
      ['PLEIADI_MAX_COST', '99999999999999999999'],
      ['PLEIADI_MAX_DOCUMENT_BYTES', '5000000'],
    ]) {
      expect(() => limitsFromEnvironment({ [variable]: value }), `${variable}=${value}`).toThrow(new RegExp(`^${variable}="${value.replace('.', '\\.')}" is not a valid limit: expected a whole number from \\d+ to \\d+`));
    }
  });
});

describe('introspection', () => {
  it('is on only in development or when PLEIADI_INTROSPECTION=true, and PLEIADI_INTROSPECTION decides when set', () => {
    expect(introspectionAllowed({})).toBe(false);
    expect(introspectionAllowed({ NODE_ENV: 'production' })).toBe(false);
    expect(introspectionAllowed({ NODE_ENV: 'test' })).toBe(false);
    expect(introspectionAllowed({ NODE_ENV: 'development' })).toBe(true);
    expect(introspectionAllowed({ NODE_ENV: 'production', PLEIADI_INTROSPECTION: 'true' })).toBe(true);
    expect(introspectionAllowed({ NODE_ENV: 'development', PLEIADI_INTROSPECTION: 'false' })).toBe(false);
    expect(() => introspectionAllowed({ PLEIADI_INTROSPECTION: 'yes' })).toThrow(/PLEIADI_INTROSPECTION="yes" is not valid/);
  });

  it('is refused when off, without calling a subgraph', async () => {
    const gateway = await startTestGateway(stub, { introspection: introspectionAllowed({}) });
    try {
      const answer = await run(stub, () => post(gateway.url, { query: '{ __schema { queryType { name } } }' }));
      expectRefused(answer, 'GRAPHQL_VALIDATION_FAILED');
      expect(answer.body.errors![0].message).toMatch(/introspection is not allowed/);
    } finally {
      await gateway.stop();
    }
  });

  it('answers the full introspection query of GraphQL tools when on, within the limits', async () => {
    const gateway = await startTestGateway(stub, { introspection: introspectionAllowed({ NODE_ENV: 'development' }) });
    try {
      const answer = await run(stub, () => post(gateway.url, { query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }) }));
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect((answer.body.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name).toBe('Query');
      expect(answer.subgraphCalls).toBe(0);
      // graphql-js's MaxIntrospectionDepthRule still bounds recursive introspection.
      const recursive = '{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }';
      expectRefused(await run(stub, () => post(gateway.url, { query: recursive })), 'GRAPHQL_VALIDATION_FAILED');
    } finally {
      await gateway.stop();
    }
  });
});

describe('registered operations', () => {
  const files = readdirSync(DEFAULT_OPERATIONS_DIR).filter((file) => file.endsWith('.graphql'));
  const textOf = (file: string) => readFileSync(path.join(DEFAULT_OPERATIONS_DIR, file), 'utf8');
  const hashOf = (file: string) => createHash('sha256').update(readFileSync(path.join(DEFAULT_OPERATIONS_DIR, file))).digest('hex');
  const [municipalities] = files.filter((file) => file.startsWith('MunicipalitiesOfAmbit'));
  // Every registered operation's required variables (an operation ignores the others').
  const variables = { ambit: 'BOLOGNA', first: 1000, period: '2026' };
  const persisted = (hash: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });

  it('are identified by the SHA-256 of each file\'s exact bytes', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect([...safelist.keys()].sort()).toEqual(files.map(hashOf).sort());
    for (const file of files) expect(safelist.get(hashOf(file))).toBe(textOf(file));
    expect(operationHash('{ ambits { code } }')).toBe(createHash('sha256').update('{ ambits { code } }').digest('hex'));
  });

  it('are refused at load when a file is not one named operation, or names collide', () => {
    const dir = (files: Record<string, string>) => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-operations-'));
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
      return folder;
    };
    expect(() => loadSafelist(dir({ 'a.graphql': 'query A { ambits { code }' }))).toThrow(/a\.graphql is not a GraphQL document/);
    expect(() => loadSafelist(dir({ 'a.graphql': '{ ambits { code } }' }))).toThrow(/a\.graphql must hold exactly one named operation \(it has 1, unnamed\)/);
    expect(() => loadSafelist(dir({ 'a.graphql': 'query A { ambits { code } } query B { ambits { name } }' }))).toThrow(/it has 2/);
    expect(() => loadSafelist(dir({ 'a.graphql': 'query A { ambits { code } }', 'b.graphql': 'query A { ambits { name } }' }))).toThrow(/a\.graphql and b\.graphql are both named A/);
    expect(() => loadSafelist(path.join(os.tmpdir(), 'pleiadi-no-such-folder'))).toThrow(/Cannot read the registered operations/);
    expect(loadSafelist(dir({ 'a.graphql': 'query A { ...F } fragment F on Query { ambits { code } }', 'notes.txt': 'x' })).size).toBe(1);
  });

  it('reads PLEIADI_OPERATIONS, default off, and refuses a safelist with nothing in it', () => {
    expect(operationsModeFromEnvironment({})).toBe('off');
    expect(operationsModeFromEnvironment({ PLEIADI_OPERATIONS: 'safelist' })).toBe('safelist');
    expect(operationsModeFromEnvironment({ PLEIADI_OPERATIONS: 'off' })).toBe('off');
    expect(() => operationsModeFromEnvironment({ PLEIADI_OPERATIONS: 'on' })).toThrow(/PLEIADI_OPERATIONS="on" is not valid: expected safelist or off/);
    expect(() => createSafelistPlugin(new Map(), { mode: 'safelist' })).toThrow(/no operation is registered/);
  });

  describe('in safelist mode', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway(stub, { mode: 'safelist', introspection: true });
    });
    afterAll(async () => {
      await gateway.stop();
    });
    const send = (body: Record<string, unknown>) => run(stub, () => post(gateway.url, body));

    it('runs every registered operation, by full text, within the default limits', async () => {
      for (const file of files) {
        const answer = await send({ query: textOf(file), variables });
        expectPassedThrough(answer);
      }
    });

    it('runs a registered operation sent as its hash only', async () => {
      expectPassedThrough(await send({ ...persisted(hashOf(municipalities)), variables }));
      for (const file of files) expectPassedThrough(await send({ ...persisted(hashOf(file)), variables }));
    });

    it('refuses any other text before parsing it, and unknown hashes, with PERSISTED_QUERY_NOT_ALLOWED', async () => {
      const refused = await send({ query: '{ ambits { code } }' });
      expectRefused(refused, 'PERSISTED_QUERY_NOT_ALLOWED');
      expect(refused.body.errors![0].extensions).toMatchObject({ operationHash: operationHash('{ ambits { code } }') });
      // Not even a syntax error gets parsed.
      expectRefused(await send({ query: '{ ambits {' }), 'PERSISTED_QUERY_NOT_ALLOWED');
      // A registered operation reformatted is another text.
      expectRefused(await send({ query: textOf(municipalities).trimEnd(), variables }), 'PERSISTED_QUERY_NOT_ALLOWED');
      expectRefused(await send({ query: '{ __schema { queryType { name } } }' }), 'PERSISTED_QUERY_NOT_ALLOWED');
      expectRefused(await send(persisted('0'.repeat(64))), 'PERSISTED_QUERY_NOT_ALLOWED');
    });

    it('does not let a client register its own text through automatic persisted queries', async () => {
      const query = '{ provinces { code } }';
      expectRefused(await send({ query, ...persisted(operationHash(query)) }), 'PERSISTED_QUERY_NOT_ALLOWED');
      expectRefused(await send(persisted(operationHash(query))), 'PERSISTED_QUERY_NOT_ALLOWED');
    });
  });

  it('still applies the document limit to a text that arrives as a hash', async () => {
    const gateway = await startTestGateway(stub, { mode: 'safelist', limits: limitsFromEnvironment({ PLEIADI_MAX_DOCUMENT_BYTES: '100' }) });
    try {
      const answer = await run(stub, () => post(gateway.url, { ...persisted(hashOf(municipalities)), variables }));
      expectRefused(answer, 'DOCUMENT_TOO_LARGE');
      expect(answer.body.errors![0].extensions).toMatchObject({ limit: 100, measured: Buffer.byteLength(textOf(municipalities)) });
    } finally {
      await gateway.stop();
    }
  });

  describe('in off mode', () => {
    let gateway: TestGateway;
    beforeAll(async () => {
      gateway = await startTestGateway(stub, { mode: 'off' });
    });
    afterAll(async () => {
      await gateway.stop();
    });
    const send = (body: Record<string, unknown>) => run(stub, () => post(gateway.url, body));

    it('runs any operation, registered hashes included', async () => {
      expectPassedThrough(await send({ query: '{ ambits { code } }' }));
      expectPassedThrough(await send({ ...persisted(hashOf(municipalities)), variables }));
    });

    it('keeps Apollo\'s automatic persisted queries working', async () => {
      const query = '{ provinces { code name } }';
      const unknown = await send(persisted(operationHash(query)));
      // Apollo's own answer to an unknown hash: HTTP 200, so clients resend with the text.
      expect(codes(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(unknown.status).toBe(200);
      expectPassedThrough(await send({ query, ...persisted(operationHash(query)) }));
      expectPassedThrough(await send(persisted(operationHash(query))));
    });

    it('still applies the limits to a persisted text', async () => {
      const query = nestedCourses(100);
      expectRefused(await send({ query, ...persisted(operationHash(query)) }), 'QUERY_TOO_COSTLY');
      expect(codes(await send(persisted(operationHash(query))))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    });
  });
});

describe('CSRF prevention', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway(stub);
  });
  afterAll(async () => {
    await gateway.stop();
  });
  const get = (headers: Record<string, string>) =>
    run(stub, async () => {
      const response = await fetch(`${gateway.url}?query=${encodeURIComponent('{ ambits { code } }')}`, { headers });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    });

  it('blocks a GET or a simple POST a browser could send cross-site, calling no subgraph', async () => {
    for (const answer of [
      await get({}),
      await run(stub, () => post(gateway.url, { query: '{ ambits { code } }' }, { 'content-type': 'text/plain' })),
    ]) {
      expect(answer.status).toBe(400);
      expect(codes(answer)).toEqual(['BAD_REQUEST']);
      expect(answer.body.errors![0].message).toMatch(/Cross-Site Request Forgery/);
      expect(answer.subgraphCalls).toBe(0);
    }
  });

  it('lets a GET through with a header that forces a preflight', async () => {
    expectPassedThrough(await get({ 'apollo-require-preflight': 'true' }));
  });
});

describe('Apollo Server 5 hooks', () => {
  it('mask an error thrown before didResolveOperation as a 500: why early refusals are deferred to it', async () => {
    const throwsEarly: ApolloServerPlugin = {
      async requestDidStart() {
        return {
          async didResolveSource() {
            throw new Error('refused');
          },
        };
      },
    };
    const gateway = await startTestGateway(stub, { plugins: [throwsEarly] });
    try {
      const answer = await run(stub, () => post(gateway.url, { query: '{ ambits { code } }' }));
      expect(answer.status).toBe(500);
      expect(answer.body.errors![0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(answer.subgraphCalls).toBe(0);
    } finally {
      await gateway.stop();
    }
  });
});
