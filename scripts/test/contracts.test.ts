// API contracts end to end: the whole federation on real databases, the gateway serving each
// caller its contract (gateway/src/contracts.ts, wired into gateway.ts) — introspection as in the
// committed schema/contracts/<contract>.graphql, and a field outside the contract refused as if it
// did not exist, before any database is read.
import { readFileSync } from 'node:fs';
import { contractFor, type TokenRequest } from '@pleiadi/gateway';
import { countStatements } from '@pleiadi/kit/testing';
import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractFiles, contractPath } from '../src/compose.ts';
import { startFederation, type Federation } from '../src/federation.ts';
import { SUPERGRAPH_PATH } from '../src/registry.ts';

let federation: Federation;
beforeAll(async () => {
  federation = await startFederation({ databases: 'test', demo: true, introspection: true });
});
afterAll(() => federation?.stop());

const BI: TokenRequest = { role: 'bi' };
const REGION: TokenRequest = { role: 'region', purpose: 'reporting' };
const PARTNER: TokenRequest = { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination' };

interface Answer {
  status: number;
  statements: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** POSTs as the caller (anonymous without one), counting the SQL statements it causes in every database. */
async function ask(query: string, caller?: TokenRequest): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (caller) headers.authorization = `Bearer ${await federation.token(caller)}`;
  let response: Response | undefined;
  let body: Answer['body'] = {};
  const statements = await countStatements(Object.values(federation.databases), async () => {
    response = await fetch(federation.gateway.url, { method: 'POST', headers, body: JSON.stringify({ query }) });
    body = (await response.json()) as Answer['body'];
  });
  return { status: response!.status, statements, body };
}

const committed = (caller?: TokenRequest) => readFileSync(contractPath(contractFor(caller?.role ?? 'anonymous')), 'utf8');

async function introspected(caller?: TokenRequest): Promise<string> {
  const answer = await ask(getIntrospectionQuery(), caller);
  expect(answer.body.errors).toBeUndefined();
  expect(answer.statements).toBe(0);
  return printSchema(buildClientSchema(answer.body.data as IntrospectionQuery)) + '\n';
}

function expectNoSuchField(answer: Answer, field: string, type = 'Query') {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(answer.body.errors?.[0].message).toMatch(new RegExp(`^Cannot query field "${field}" on type "${type}"`));
  expect(answer.statements).toBe(0);
}

describe('each caller introspects its own contract, as committed', () => {
  it.each([
    ['anonymous', undefined, 'public'],
    ['bi', BI, 'bi'],
    ['region', REGION, 'region'],
    ['partner', PARTNER, 'full'],
  ] as const)('%s', async (_label, caller, contract) => {
    expect(contractFor(caller?.role ?? 'anonymous')).toBe(contract);
    expect(await introspected(caller)).toBe(committed(caller));
  });

  it('lists no participant type and no personal field to a BI tool', async () => {
    const sdl = await introspected(BI);
    expect(sdl).not.toMatch(/CpiaParticipant|AtsParticipant|IalParticipant|\bParticipant\b|fiscalCode|firstName|pseudonym|AuditRecord/);
    expect(sdl).toMatch(/cpiaCourses/);
  });
});

describe('a BI tool', () => {
  it('is refused a participant field as if it did not exist, without reading any database', async () => {
    expectNoSuchField(await ask('{ cpiaParticipants(first: 5) { totalCount } }', BI), 'cpiaParticipants');
    expectNoSuchField(await ask('{ cpiaParticipants { nodes { firstName } } }', BI), 'cpiaParticipants');
    expectNoSuchField(await ask('{ ialParticipant(id: "1") { id } }', BI), 'ialParticipant');
    expectNoSuchField(await ask('{ atsAuditRecords(ambit: "BOLOGNA") { totalCount } }', BI), 'atsAuditRecords');
  });

  it('reads operational data and aggregates', async () => {
    const answer = await ask('{ cpiaCourses(first: 1) { totalCount } municipality(istatCode: "037006") { atsServicePoints(first: 1) { totalCount } } }', BI);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.cpiaCourses.totalCount).toBeGreaterThan(0);
    expect(answer.body.data!.municipality.atsServicePoints.totalCount).toBeGreaterThan(0);
  });
});

describe('an anonymous caller', () => {
  it('reads the public reference data', async () => {
    const answer = await ask('{ municipality(istatCode: "037006") { name province { name } ambit { code partners { id } } } programme { title lead { name } } }');
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.municipality.ambit.code).toBe('BOLOGNA');
  });

  it('finds nothing else in the graph', async () => {
    expectNoSuchField(await ask('{ cpiaCourses { totalCount } }'), 'cpiaCourses');
    expectNoSuchField(await ask('{ municipality(istatCode: "037006") { cpiaCourses { totalCount } } }'), 'cpiaCourses', 'Municipality');
    expectNoSuchField(await ask('{ governanceTables { totalCount } }'), 'governanceTables');
  });
});

describe('a partner operator', () => {
  it('asks its own participants through the whole schema', async () => {
    const answer = await ask('{ cpiaParticipants(first: 2) { totalCount nodes { firstName } } }', PARTNER);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.cpiaParticipants.nodes).toHaveLength(2);
  });
});

describe('npm run compose', () => {
  it('writes the contracts a supergraph offers and names the ones it does not', () => {
    const untagged = readFileSync(SUPERGRAPH_PATH, 'utf8').replaceAll(/\s*@tag\(name: "public"\)/g, '');
    const { files, notOffered } = contractFiles(untagged);
    expect(files.public).toBeNull();
    expect(notOffered).toEqual(['public: no element of the supergraph is tagged "public"']);
    // Removing public tags changes nothing for the other audiences.
    for (const name of ['bi', 'region', 'full'] as const) expect(files[name], name).toBe(readFileSync(contractPath(name), 'utf8'));
  });
});
