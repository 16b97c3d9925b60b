// Who read a participant's records (GDPR art. 15), asked by IAL, which holds them, on a real
// database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise) with the demo data: the
// answer names who read X and not who read Y, only IAL's own operators may ask, and the trail
// still verifies as a chain.
import { CASE_COORDINATION, checkCharacter, participantGrants, prepareSubgraphDatabase, verifyAuditChain, type Viewer } from '@pleiadi/kit';
import { createTestDatabase, execute, TEST_INTERNAL_SECRET, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type IalDatabase } from '../src/index.ts';

let database: TestDatabase<IalDatabase>;
type Person = { id: number; pseudonym: string; fiscal_code: string };
let x: Person;
let y: Person;

const OWN: Viewer = { role: 'partner', partnerId: 'ial-er', subject: 'op-ial-1', purpose: 'job-facilitation', operationName: 'JobPath' };
const ATS: Viewer = { role: 'partner', partnerId: 'cidas', ambit: 'ROMAGNA', subject: 'op-cidas-2', purpose: CASE_COORDINATION, operationName: 'CaseFile' };
const DPO: Viewer = { role: 'partner', partnerId: 'ial-er', subject: 'dpo-ial', purpose: 'data-subject-request', operationName: 'WhoReadMe' };

const run = (viewer: Viewer, query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables, viewer);

const WHO_READ = `query($participant: IalAuditedParticipant!, $from: Date, $to: Date, $first: Int, $after: String) {
  ialParticipantAuditRecords(participant: $participant, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { subject role partnerId ambit purpose operationName } } }`;

async function whoRead(participant: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const result = await run(DPO, WHO_READ, { participant, first: 100, ...extra });
  expect(result.errors).toBeUndefined();
  return result.data!.ialParticipantAuditRecords as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { subject: string; partnerId: string; ambit: string | null; purpose: string | null; operationName: string }[] };
}
const readers = (page: Awaited<ReturnType<typeof whoRead>>) => page.nodes.map((n) => [n.subject, n.partnerId, n.ambit, n.purpose, n.operationName]);

beforeAll(async () => {
  database = await createTestDatabase<IalDatabase>('ial_audit');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
  const people = await sql<Person>`select p.id, p.pseudonym, p.fiscal_code from participant p
    where exists (select 1 from job_path j where j.participant_id = p.id) order by p.id offset 10 limit 2`.execute(database.db);
  [x, y] = people.rows;

  await run(OWN, 'query($id: ID!) { ialParticipant(id: $id) { lastName jobPaths { status } } }', { id: String(x.id) });
  const grant = await participantGrants(ATS, TEST_INTERNAL_SECRET).sign(x.pseudonym);
  await run(ATS, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Participant { ialJobPath { status } } } }', {
    r: [{ __typename: 'Participant', pseudonym: x.pseudonym, grant }],
  });
  await run({ ...OWN, subject: 'op-ial-2', operationName: 'ByCode' }, 'query($c: String) { ialParticipants(search: {fiscalCode: $c}) { nodes { lastName } } }', { c: y.fiscal_code });
});
afterAll(() => database.drop());

describe('who read a participant', () => {
  it('names every request that read X — partner, ambit, purpose, operation — and none that read only Y', async () => {
    expect(readers(await whoRead({ id: String(x.id) }))).toEqual([
      ['op-ial-1', 'ial-er', null, 'job-facilitation', 'JobPath'],
      ['op-cidas-2', 'cidas', 'ROMAGNA', CASE_COORDINATION, 'CaseFile'],
    ]);
    expect(readers(await whoRead({ fiscalCode: ` ${y.fiscal_code.toLowerCase()}` }))).toEqual([['op-ial-2', 'ial-er', null, 'job-facilitation', 'ByCode']]);
  });

  it('is paged and limited to the dates asked; the question itself is a read of the person', async () => {
    const first = await whoRead({ id: String(x.id) }, { first: 2 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await whoRead({ id: String(x.id) }, { after: first.pageInfo.endCursor });
    // The previous test's question and the first page's: both read X.
    expect(readers(rest)).toEqual([['dpo-ial', 'ial-er', null, 'data-subject-request', 'WhoReadMe'], ['dpo-ial', 'ial-er', null, 'data-subject-request', 'WhoReadMe']]);
    expect((await whoRead({ id: String(x.id) }, { from: '2099-01-01' })).totalCount).toBe(0);
    const stem = 'ZZZQQQ80A01H501';
    expect((await whoRead({ fiscalCode: stem + checkCharacter(stem) })).totalCount).toBe(0);
  });

  it.each([
    ['the region', { role: 'region', subject: 'art-er' } as Viewer],
    ["another partner's operator", ATS],
    ['a BI tool', { role: 'bi', subject: 'bi' } as Viewer],
    ['an anonymous caller', { role: 'anonymous' } as Viewer],
  ])('is refused to %s, and the refusal is audited', async (_label, viewer) => {
    const before = await database.db.selectFrom('audit_record').select(sql<number>`max(id)`.as('id')).executeTakeFirstOrThrow();
    const result = await run(viewer, WHO_READ, { participant: { id: String(x.id) } });
    expect(result.data?.ialParticipantAuditRecords ?? null).toBeNull();
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const written = await database.db.selectFrom('audit_record').select(['denied', 'participants']).where('id', '>', before.id).execute();
    expect(written).toEqual([{ denied: ['Query.ialParticipantAuditRecords'], participants: [] }]);
  });

  it('answers malformed input with BAD_USER_INPUT, repeating no code', async () => {
    for (const participant of [{}, { id: String(x.id), fiscalCode: x.fiscal_code }, { fiscalCode: x.fiscal_code.slice(0, 15) + '#' }]) {
      const result = await run(DPO, WHO_READ, { participant });
      expect(result.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0].message).not.toContain(x.fiscal_code.slice(0, 15));
    }
  });

  it('leaves the trail a valid chain holding the ids', async () => {
    expect(await verifyAuditChain(database.db)).toMatchObject({ broken: null });
    const rows = await database.db.selectFrom('audit_record').select('participants').execute();
    expect(rows.some((r) => r.participants.includes(x.id))).toBe(true);
  });
});
