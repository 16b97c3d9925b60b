// API contracts per audience: what each one keeps of the committed supergraph, the filtering rules
// on a small schema, and the plugin serving them through a real ApolloGateway + ApolloServer (as
// gateway.ts builds it), with every subgraph pointing to a stub that counts the requests it gets.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { serveHttp } from '@pleiadi/kit';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  validateSchema,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigFromEnvironment, viewerOf } from '../src/auth/caller.ts';
import { DEFAULT_SUPERGRAPH_PATH } from '../src/config.ts';
import {
  apiSchemaOf,
  buildContracts,
  CONTRACT_NAMES,
  contractFor,
  contractsStore,
  createContractPlugin,
  filterSchema,
  tagsOf,
  type Contracts,
} from '../src/contracts/contracts.ts';
import { initialContext, type GatewayContext } from '../src/context.ts';
import { createLimitsPlugin, DEFAULT_LIMITS } from '../src/admission/limits.ts';
import { createSafelistPlugin, loadSafelist, persistedQueryOptions } from '../src/admission/safelist.ts';
import { createPersonalDataPlugin, personalFieldsOf } from '../src/policy/personal-data.ts';
import { mintToken, type TokenRequest } from '../src/auth/tokens.ts';
import { startStubSubgraph, type Stub } from './stub-subgraph.ts';

const supergraphSdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
const built = buildContracts(supergraphSdl);
// The committed supergraph is tagged for every audience: all four contracts are offered (asserted below).
const contracts = { public: built.public!, bi: built.bi!, region: built.region!, full: built.full };
const tags = tagsOf(supergraphSdl);
const NOT_FOR_BI = ['personal', 'pseudonymous', 'oversight'];

const fieldsOf = (schema: GraphQLSchema, type: string): string[] => {
  const t = schema.getType(type);
  return t && 'getFields' in t ? Object.keys(t.getFields()) : [];
};
const has = (schema: GraphQLSchema, coordinate: string) => {
  const [type, field] = coordinate.split('.');
  return field === undefined ? !!schema.getType(type) : fieldsOf(schema, type).includes(field);
};
const objectTypes = (schema: GraphQLSchema) => Object.values(schema.getTypeMap()).filter((t) => isObjectType(t) && !t.name.startsWith('__'));
const taggedWith = (among: string[]) => [...tags].filter(([, set]) => [...set].some((t) => among.includes(t))).map(([coordinate]) => coordinate);

describe('the contracts of the committed supergraph', () => {
  it('are all offered', () => {
    expect(built.notOffered).toEqual({});
    for (const name of CONTRACT_NAMES) expect(built[name], name).toBeDefined();
  });

  it('are valid schemas', () => {
    for (const name of CONTRACT_NAMES) expect(validateSchema(contracts[name]), name).toEqual([]);
  });

  it('full is the API schema', () => {
    expect(printSchema(contracts.full)).toBe(printSchema(apiSchemaOf(supergraphSdl)));
  });

  it('bi has no field or type tagged personal, pseudonymous or oversight, nor what only they reach', () => {
    const coordinates = taggedWith(NOT_FOR_BI).filter((c) => !c.includes('('));
    expect(coordinates).toEqual(expect.arrayContaining(['CpiaParticipant', 'Query.atsParticipants', 'Participant.pseudonym', 'Query.cpiaAuditRecords']));
    for (const coordinate of coordinates) expect(has(contracts.bi, coordinate), coordinate).toBe(false);
    for (const type of ['CpiaParticipant', 'CpiaParticipantConnection', 'CpiaParticipantEdge', 'CpiaParticipantSearch', 'CpiaEnrolment', 'AtsParticipant', 'IalParticipant', 'Participant', 'AuditRecord']) {
      expect(has(contracts.bi, type), type).toBe(false);
    }
    for (const field of ['cpiaParticipants', 'cpiaParticipant', 'atsParticipants', 'ialParticipants', 'cpiaAuditRecords', 'atsAuditRecords', 'ialAuditRecords']) {
      expect(has(contracts.bi, `Query.${field}`), field).toBe(false);
    }
    expect(JSON.stringify(printSchema(contracts.bi))).not.toMatch(/fiscalCode|firstName|pseudonym/);
  });

  it('bi keeps the operational data and its aggregates', () => {
    for (const coordinate of ['Query.cpiaCourses', 'Query.governanceTables', 'Query.localAuthoritiesSupported', 'Query.informationPackagesAndCampaigns', 'Municipality.cpiaCourses', 'CpiaCourse', 'Query.municipality']) {
      expect(has(contracts.bi, coordinate), coordinate).toBe(true);
    }
  });

  it('public has only the reference data', () => {
    expect(has(contracts.public, 'Query.municipality')).toBe(true);
    expect(has(contracts.public, 'Query.cpiaCourses')).toBe(false);
    expect(has(contracts.public, 'Municipality.cpiaCourses')).toBe(false);
    expect(has(contracts.public, 'Query.governanceTables')).toBe(false);
    expect(fieldsOf(contracts.public, 'Query').sort()).toEqual(
      [
        'municipality', 'municipalities', 'ambit', 'ambits', 'province', 'provinces',
        'programme', 'actions', 'action', 'partners', 'partner',
        'indicatorDefinitions', 'indicatorDefinition', 'reportingPeriods', 'reportingPeriod',
      ].sort(),
    );
    expect(fieldsOf(contracts.public, 'Municipality')).toEqual(['istatCode', 'name', 'province', 'ambit']);
    expect(fieldsOf(contracts.public, 'Ambit')).toEqual(['code', 'name', 'provinces', 'municipalities', 'partners']);
    expect(fieldsOf(contracts.public, 'PageInfo')).toEqual(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);
    // Every field it has is tagged public, on the field or on its type.
    for (const type of objectTypes(contracts.public)) {
      for (const field of fieldsOf(contracts.public, type.name)) {
        const tagged = tags.get(`${type.name}.${field}`)?.has('public') || tags.get(type.name)?.has('public');
        expect(tagged, `${type.name}.${field}`).toBe(true);
      }
    }
  });

  it('serve each role its own: anonymous public, bi bi, region region, partners full', () => {
    expect(contractFor('anonymous')).toBe('public');
    expect(contractFor('bi')).toBe('bi');
    expect(contractFor('region')).toBe('region');
    expect(contractFor('partner')).toBe('full');
    expect(contractFor('someone' as never)).toBe('public');
  });
});

describe('contract filtering', () => {
  const api = buildSchema(`
    type Query {
      things(first: Int, after: String): ThingConnection!
      thing(id: ID!): Thing
      secret: Secret
      people(search: PersonSearch): PersonConnection!
      person(id: ID!): Person
      byKey(key: Key!): Thing
      search(filter: ThingFilter): [Thing!]!
      ask(who: String!): Thing
      list(limit: Int, who: String): [Thing!]!
    }
    type Thing { id: ID! name: String! owner: Person secretNote: String }
    type ThingConnection { totalCount: Int! pageInfo: PageInfo! edges: [ThingEdge!]! nodes: [Thing!]! }
    type ThingEdge { cursor: String! node: Thing! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
    type Person { id: ID! name: String! }
    type PersonConnection { totalCount: Int! pageInfo: PageInfo! edges: [PersonEdge!]! nodes: [Person!]! }
    type PersonEdge { cursor: String! node: Person! }
    type Secret { code: String! }
    input PersonSearch { name: String }
    input Key { value: String! }
    input ThingFilter { name: String owner: String }
  `);
  const tagMap = new Map<string, Set<string>>(
    Object.entries({
      Person: ['personal'],
      'Thing.secretNote': ['personal', 'public'],
      'Key.value': ['personal'],
      'ThingFilter.owner': ['personal'],
      'Query.ask(who:)': ['personal'],
      'Query.list(who:)': ['personal'],
      'Query.things': ['public'],
      'Query.thing': ['public'],
      ThingConnection: ['public'],
      ThingEdge: ['public'],
      PageInfo: ['public'],
      'Thing.id': ['public'],
      'Thing.name': ['public'],
    }).map(([coordinate, list]) => [coordinate, new Set(list)]),
  );

  it('excludes tagged types with what points to them, hollow connections, and required arguments with their field', () => {
    const bi = filterSchema(api, tagMap, { exclude: ['personal'] });
    expect(fieldsOf(bi, 'Query')).toEqual(['things', 'thing', 'secret', 'search', 'list']);
    for (const gone of ['Person', 'PersonConnection', 'PersonEdge', 'PersonSearch', 'Key']) expect(bi.getType(gone), gone).toBeUndefined();
    expect(fieldsOf(bi, 'Thing')).toEqual(['id', 'name']);
    expect(fieldsOf(bi, 'ThingFilter')).toEqual(['name']);
    expect(bi.getQueryType()!.getFields().list.args.map((a) => a.name)).toEqual(['limit']);
    expect(fieldsOf(bi, 'Secret')).toEqual(['code']);
  });

  it('includes only tagged fields (a type tag covers its fields), exclusion first, and drops what is no longer reached', () => {
    const publicSchema = filterSchema(api, tagMap, { include: ['public'], exclude: ['personal'] });
    expect(printSchema(publicSchema)).toBe(
      printSchema(
        buildSchema(`
          type Query { things(first: Int, after: String): ThingConnection! thing(id: ID!): Thing }
          type Thing { id: ID! name: String! }
          type ThingConnection { totalCount: Int! pageInfo: PageInfo! edges: [ThingEdge!]! nodes: [Thing!]! }
          type ThingEdge { cursor: String! node: Thing! }
          type PageInfo { hasNextPage: Boolean! endCursor: String }
        `),
      ),
    );
  });

  it('keeps an interface only where all its fields are, empties unions, and drops inputs that lose a required field, with what needs them', () => {
    const schema = buildSchema(`
      type Query { node(id: ID!): Node results: [Result!]! hidden: [Hidden!]! byFinder(finder: Finder!): Item maybe(finder: Finder, limit: Int): [Item!]! }
      interface Node { id: ID! label: String }
      type Item implements Node { id: ID! label: String owner: Owner }
      type Place implements Node { id: ID! label: String }
      type Owner { name: String! }
      union Result = Item | Owner
      union Hidden = Owner
      input Finder { owner: OwnerRef! label: String }
      input OwnerRef { name: String! }
    `);
    const personal = new Map(['Item.label', 'Owner', 'OwnerRef.name'].map((coordinate) => [coordinate, new Set(['personal'])]));
    expect(printSchema(lexicographicSortSchema(filterSchema(schema, personal, { exclude: ['personal'] })))).toBe(
      printSchema(
        lexicographicSortSchema(
          buildSchema(`
            type Query { node(id: ID!): Node results: [Result!]! maybe(limit: Int): [Item!]! }
            interface Node { id: ID! label: String }
            type Item { id: ID! }
            type Place implements Node { id: ID! label: String }
            union Result = Item
          `),
        ),
      ),
    );
  });

  it('does not offer a contract it cannot build, and still offers the others', () => {
    // Excluding an enum value is not supported: an answer could carry it.
    const sdl = supergraphSdl.replace('QUARTER @join__enumValue(graph: REGION)', 'QUARTER @join__enumValue(graph: REGION) @tag(name: "oversight")');
    const partly = buildContracts(sdl);
    expect(partly.notOffered).toEqual({
      public: 'excluding enum values is not supported: ReportingPeriodKind.QUARTER',
      bi: 'excluding enum values is not supported: ReportingPeriodKind.QUARTER',
    });
    expect(printSchema(partly.region!)).toBe(printSchema(contracts.region));
    expect(printSchema(partly.full)).toBe(printSchema(contracts.full));
  });

  it('refuses a contract without any query field', () => {
    expect(() => filterSchema(api, tagMap, { include: ['nothing'], exclude: [] })).toThrow(/no field of the query type/);
  });
});

describe('the contracts store', () => {
  const retagged = supergraphSdl.replace('ialOffices: [IalOffice!]! @join__field(graph: IAL)', 'ialOffices: [IalOffice!]! @join__field(graph: IAL) @tag(name: "personal")');

  it('rebuilds on a new supergraph only, and keeps the previous contracts for an SDL that is not a supergraph', () => {
    expect(retagged).not.toBe(supergraphSdl);
    const store = contractsStore(supergraphSdl);
    const first = store.get();
    expect(has(first.bi!, 'Query.ialOffices')).toBe(true);
    expect(store.update(supergraphSdl)).toBe(first);
    expect(has(store.update(retagged).bi!, 'Query.ialOffices')).toBe(false);
    expect(store.supergraphSdl).toBe(retagged);
    expect(() => store.update('type Query { nonsense: Int }')).toThrow();
    expect(store.supergraphSdl).toBe(retagged);
    expect(has(store.get().bi!, 'Query.ialOffices')).toBe(false);
  });

  it('prepares the contracts of a supergraph about to be served, and serves them on update without building them again', () => {
    const store = contractsStore();
    expect(() => store.get()).toThrow(/No contracts yet/);
    const prepared = store.prepare(retagged);
    expect(store.supergraphSdl).toBeUndefined();
    expect(store.update(retagged)).toBe(prepared);
    expect(store.get()).toBe(prepared);
    // Without any public tag the public contract is not offered; the others are, and nothing is served yet.
    const untagged = store.prepare(supergraphSdl.replaceAll('@tag(name: "public")', ''));
    expect(untagged.public).toBeUndefined();
    expect(untagged.notOffered).toEqual({ public: 'no element of the supergraph is tagged "public"' });
    expect(printSchema(untagged.bi!)).toBe(printSchema(contracts.bi));
    expect(store.get()).toBe(prepared);
  });
});

// --- Served through the gateway --------------------------------------------------------------


const JWT_SECRET = 'contracts-test-secret-'.repeat(2);
const auth = authConfigFromEnvironment({ PLEIADI_JWT_SECRET: JWT_SECRET });
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface TestGateway {
  url: string;
  /** Loads a new supergraph, as a hot reload does. */
  reload(sdl: string): void;
  stop(): Promise<void>;
}

/** The gateway as gateway.ts builds it, with the contract plugin where it is to be wired. */
async function startTestGateway(stub: Stub, options: { introspection?: boolean; contracts?: Contracts } = {}): Promise<TestGateway> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  let update: ((sdl: string) => void) | undefined;
  const gateway = new ApolloGateway({
    supergraphSdl: async ({ update: push }) => {
      update = push;
      return { supergraphSdl };
    },
    logger: quiet,
    buildService: () => new RemoteGraphQLDataSource({ url: stub.url }),
  });
  const safelist = loadSafelist();
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: quiet,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    persistedQueries: persistedQueryOptions(safelist, 'off'),
    plugins: [
      createLimitsPlugin(DEFAULT_LIMITS),
      createSafelistPlugin(safelist, { mode: 'off' }),
      // What gateway.ts is to pass: the plugin fills its own store from the gateway's supergraph.
      createContractPlugin(options.contracts),
      createPersonalDataPlugin(personalFieldsOf(supergraphSdl)),
    ],
  });
  await apollo.start();
  const http = await serveHttp({
    apollo,
    context: async (request) => initialContext(await viewerOf(request.headers.authorization, auth)),
    health: async () => ({ ok: true }),
  });
  return {
    url: http.url,
    reload: (sdl) => update!(sdl),
    stop: async () => {
      await http.close();
      await apollo.stop();
    },
  };
}

interface Answer {
  status: number;
  subgraphCalls: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

const BI: TokenRequest = { role: 'bi' };
const REGION: TokenRequest = { role: 'region', purpose: 'reporting' };
const PARTNER: TokenRequest = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination' };

let stub: Stub;
let gateway: TestGateway;
beforeAll(async () => {
  stub = await startStubSubgraph();
  gateway = await startTestGateway(stub);
});
afterAll(async () => {
  await gateway?.stop();
  await stub?.close();
});

async function ask(query: string, caller?: TokenRequest, url = gateway.url): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller) headers.authorization = `Bearer ${await mintToken(caller, JWT_SECRET)}`;
  const before = stub.requests;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
  return { status: response.status, body: (await response.json()) as Answer['body'], subgraphCalls: stub.requests - before };
}

async function introspect(caller?: TokenRequest, url = gateway.url): Promise<GraphQLSchema> {
  const answer = await ask(getIntrospectionQuery(), caller, url);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.subgraphCalls).toBe(0);
  return buildClientSchema(answer.body.data as unknown as IntrospectionQuery);
}

function expectInvalid(answer: Answer, message: RegExp) {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  expect(answer.body.errors?.[0].message).toMatch(message);
  expect(answer.subgraphCalls).toBe(0);
}

describe('a BI tool', () => {
  it('introspects the bi contract: no participant type, no personal field', async () => {
    const schema = await introspect(BI);
    expect(printSchema(schema)).toBe(printSchema(contracts.bi));
    expect(schema.getType('CpiaParticipant')).toBeUndefined();
    for (const coordinate of taggedWith(NOT_FOR_BI).filter((c) => !c.includes('('))) expect(has(schema, coordinate), coordinate).toBe(false);
  });

  it('cannot query a participant field: it does not exist for it, and no subgraph is called', async () => {
    expectInvalid(await ask('{ cpiaParticipants { totalCount } }', BI), /^Cannot query field "cpiaParticipants" on type "Query"\./);
    // Validation comes before the personal-data refusal (403), as if the field did not exist.
    expectInvalid(await ask('{ cpiaParticipants { nodes { firstName } } }', BI), /^Cannot query field "cpiaParticipants" on type "Query"\./);
    expectInvalid(await ask('{ cpiaAuditRecords { totalCount } }', BI), /^Cannot query field "cpiaAuditRecords"/);
    const type = await ask('{ __type(name: "CpiaParticipant") { name fields { name } } }', BI);
    expect(type.body).toEqual({ data: { __type: null } });
  });

  it('gets every validation message at once', async () => {
    const answer = await ask('{ ialParticipants { totalCount } atsParticipant(id: "BOLOGNA:1") { id } ambits { code } }', BI);
    expectInvalid(answer, /ialParticipants/);
    expect(answer.body.errors!.map((e) => e.message)).toEqual([
      expect.stringMatching(/^Cannot query field "ialParticipants" on type "Query"/),
      expect.stringMatching(/^Cannot query field "atsParticipant" on type "Query"/),
    ]);
    expect(answer.body.errors!.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
  });

  it('reaches the subgraphs with what its contract has', async () => {
    const answer = await ask('{ cpiaCourses(first: 1) { totalCount } }', BI);
    expect(answer.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('GRAPHQL_VALIDATION_FAILED');
    expect(answer.subgraphCalls).toBeGreaterThan(0);
  });

  it('cannot mix introspection with data, which would answer from the whole schema', async () => {
    expectInvalid(await ask('{ __schema { types { name } } ambits { code } }', BI), /Introspection .* operation of its own/);
    expectInvalid(await ask('query { ...F ambits { code } } fragment F on Query { __type(name: "CpiaParticipant") { name } }', BI), /operation of its own/);
    const typename = await ask('{ __typename __type(name: "Ambit") { name } }', BI);
    expect(typename.body).toEqual({ data: { __typename: 'Query', __type: { name: 'Ambit' } } });
  });
});

describe('the region', () => {
  it('is served the region contract: no personal data, but the audit trails it oversees', async () => {
    expectInvalid(await ask('{ ialParticipant(id: "1") { firstName } }', REGION), /^Cannot query field "ialParticipant"/);
    const schema = await introspect(REGION);
    expect(printSchema(schema)).toBe(printSchema(contracts.region));
    expect(schema.getQueryType()!.getFields().cpiaAuditRecords).toBeDefined();
    expect(contracts.bi.getQueryType()!.getFields().cpiaAuditRecords).toBeUndefined();
  });
});

describe('an anonymous caller', () => {
  it('introspects only the public types', async () => {
    const schema = await introspect();
    expect(printSchema(schema)).toBe(printSchema(contracts.public));
    expect(Object.keys(schema.getTypeMap()).filter((t) => !t.startsWith('__')).sort()).toEqual(
      [
        'Action', 'Ambit', 'Boolean', 'Date', 'Float', 'ID', 'IndicatorDefinition', 'IndicatorFeed', 'IndicatorKind', 'IndicatorTarget', 'IndicatorUnit', 'Int',
        'Municipality', 'MunicipalityConnection', 'MunicipalityEdge', 'MunicipalityFilter', 'PageInfo', 'Partner', 'PartnerConnection',
        'PartnerEdge', 'PartnerFilter', 'PartnerKind', 'Programme', 'Province', 'Query', 'ReportingPeriod', 'ReportingPeriodKind', 'String', 'TargetScopeKind',
      ].sort(),
    );
  });

  it('asks the reference data, and nothing else exists for it', async () => {
    const reference = await ask('{ municipality(istatCode: "037006") { name ambit { code partners { name } } } }');
    expect(reference.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('GRAPHQL_VALIDATION_FAILED');
    expect(reference.subgraphCalls).toBeGreaterThan(0);
    expectInvalid(await ask('{ cpiaCourses { totalCount } }'), /^Cannot query field "cpiaCourses" on type "Query"/);
    expectInvalid(await ask('{ municipality(istatCode: "037006") { cpiaCourses { totalCount } } }'), /^Cannot query field "cpiaCourses" on type "Municipality"/);
    expectInvalid(await ask('{ governanceTables { totalCount } }'), /^Cannot query field "governanceTables"/);
  });
});

describe('a partner operator', () => {
  it('introspects the whole API schema', async () => {
    expect(printSchema(await introspect(PARTNER))).toBe(printSchema(contracts.full));
  });

  it('is validated against the whole schema only', async () => {
    const answer = await ask('{ cpiaParticipants(first: 1) { totalCount } }', PARTNER);
    expect(answer.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('GRAPHQL_VALIDATION_FAILED');
    expect(answer.subgraphCalls).toBeGreaterThan(0);
  });
});

describe('Apollo\u2019s introspection switch', () => {
  it('still refuses introspection first when it is off', async () => {
    const closed = await startTestGateway(stub, { introspection: false });
    try {
      const answer = await ask('{ __schema { types { name } } }', BI, closed.url);
      expect(answer.status).toBe(400);
      expect(answer.body.errors?.[0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' });
      expect(answer.subgraphCalls).toBe(0);
    } finally {
      await closed.stop();
    }
  });
});

describe('a new supergraph', () => {
  it('gets new contracts with the gateway\u2019s own schema swap', async () => {
    const reloading = await startTestGateway(stub);
    try {
      expect(has(await introspect(BI, reloading.url), 'Query.ialOffices')).toBe(true);
      reloading.reload(supergraphSdl.replace('ialOffices: [IalOffice!]! @join__field(graph: IAL)', 'ialOffices: [IalOffice!]! @join__field(graph: IAL) @tag(name: "personal")'));
      expect(has(await introspect(BI, reloading.url), 'Query.ialOffices')).toBe(false);
      expectInvalid(await ask('{ ialOffices { name } }', BI, reloading.url), /^Cannot query field "ialOffices"/);
      expect(has(await introspect(PARTNER, reloading.url), 'Query.ialOffices')).toBe(true);
    } finally {
      await reloading.stop();
    }
  });

  it('that offers no public contract refuses anonymous callers only, until it offers one again', async () => {
    const reloading = await startTestGateway(stub);
    try {
      // Without any public tag there is no public contract; bi and region are unaffected.
      reloading.reload(supergraphSdl.replaceAll(' @tag(name: "public")', '').replaceAll('\n  @tag(name: "public")', ''));
      const anonymous = await ask('{ ambits { code } }', undefined, reloading.url);
      expect(anonymous.status).toBe(403);
      expect(anonymous.body.data).toBeUndefined();
      expect(anonymous.body.errors?.[0].extensions).toEqual({ code: 'CONTRACT_UNAVAILABLE', contract: 'public' });
      expect(anonymous.body.errors?.[0].message).toMatch(/"public" API contract, the schema served to anonymous callers/);
      expect(anonymous.subgraphCalls).toBe(0);
      for (const caller of [BI, REGION, PARTNER]) expect((await ask('{ ambits { code } }', caller, reloading.url)).subgraphCalls, caller.role).toBeGreaterThan(0);
      expectInvalid(await ask('{ cpiaParticipants { totalCount } }', BI, reloading.url), /^Cannot query field "cpiaParticipants"/);
      reloading.reload(supergraphSdl);
      expect((await ask('{ ambits { code } }', undefined, reloading.url)).subgraphCalls).toBeGreaterThan(0);
    } finally {
      await reloading.stop();
    }
  });
});

describe('a plugin given fixed contracts', () => {
  it('serves them as given', async () => {
    const fixed = await startTestGateway(stub, { contracts: built });
    try {
      expect(printSchema(await introspect(BI, fixed.url))).toBe(printSchema(contracts.bi));
    } finally {
      await fixed.stop();
    }
  });
});
