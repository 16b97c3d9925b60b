// Who read a participant's records (GDPR art. 15), asked by the network that holds them, on a real
// database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise) with the demo data: every
// way of reading a person is answerable per person, the answer names who read X and not who read
// Y, only the network's own operators may ask, and the trail still verifies as a chain.
import { checkCharacter, participantGrants, prepareSubgraphDatabase, verifyAuditChain, type Viewer } from '@pleiadi/kit';
import { createTestDatabase, execute, TEST_INTERNAL_SECRET, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type CpiaDatabase } from '../src/index.ts';

let database: TestDatabase<CpiaDatabase>;
type Person = { id: number; pseudonym: string; fiscal_code: string };
let x: Person;
let y: Person;

const OWN: Viewer = { role: 'partner', partnerId: 'cpia-bologna', subject: 'operator-cpia-7', operationName: 'FindLearner' };
const IAL: Viewer = { role: 'partner', partnerId: 'ial-er', subject: 'operator-ial-3', purpose: 'case-coordination', operationName: 'CoordinateCase' };
const DPO: Viewer = { role: 'partner', partnerId: 'cpia-bologna', subject: 'dpo-cpia', purpose: 'data-subject-request', operationName: 'WhoReadMe' };

const run = (viewer: Viewer, query: string, variables?: Record<string, unknown>) => execute(schema, database, query, variables, viewer);

const WHO_READ = `query($participant: CpiaAuditedParticipant!, $from: Date, $to: Date, $first: Int, $after: String) {
  cpiaParticipantAuditRecords(participant: $participant, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id recordedAt subject role partnerId purpose operationName entityCounts { entityType records } outcome } } }`;

async function whoRead(participant: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const result = await run(DPO, WHO_READ, { participant, first: 100, ...extra });
  expect(result.errors).toBeUndefined();
  return result.data!.cpiaParticipantAuditRecords as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { subject: string; role: string; partnerId: string; purpose: string | null; operationName: string }[] };
}
const readers = (page: Awaited<ReturnType<typeof whoRead>>) => page.nodes.map((n) => [n.subject, n.role, n.partnerId, n.purpose, n.operationName]);

beforeAll(async () => {
  database = await createTestDatabase<CpiaDatabase>('cpia_audit');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
  // Two enrolled people, not among the first page of the register.
  const people = await sql<Person>`select p.id, p.pseudonym, p.fiscal_code from participant p
    where exists (select 1 from enrolment e where e.participant_id = p.id) order by p.id offset 10 limit 2`.execute(database.db);
  [x, y] = people.rows;

  // X: read in full by the network, and by IAL's operator as facts by pseudonym (case coordination).
  await run(OWN, 'query($id: ID!) { cpiaParticipant(id: $id) { firstName enrolments { status } } }', { id: String(x.id) });
  const grant = await participantGrants(IAL, TEST_INTERNAL_SECRET).sign(x.pseudonym);
  await run(IAL, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Participant { cpiaEnrolments { status } } } }', {
    r: [{ __typename: 'Participant', pseudonym: x.pseudonym, grant }],
  });
  // Y: found by fiscal code by another operator.
  await run({ ...OWN, subject: 'operator-cpia-9', operationName: 'ByCode' }, 'query($c: String) { cpiaParticipants(search: {fiscalCode: $c}) { nodes { lastName } } }', { c: y.fiscal_code });
  // Refused reads read nobody.
  await run({ role: 'region', subject: 'art-er' }, 'query($id: ID!) { cpiaParticipant(id: $id) { firstName } }', { id: String(x.id) });
});
afterAll(() => database.drop());

describe('who read a participant', () => {
  it('names every request that read X — partner, role, purpose, operation — and none that read only Y', async () => {
    expect(readers(await whoRead({ id: String(x.id) }))).toEqual([
      ['operator-cpia-7', 'partner', 'cpia-bologna', null, 'FindLearner'],
      ['operator-ial-3', 'partner', 'ial-er', 'case-coordination', 'CoordinateCase'],
    ]);
    // Y by fiscal code as the person gives it: any letter case and spacing.
    const typed = ` ${y.fiscal_code.slice(0, 8).toLowerCase()} ${y.fiscal_code.slice(8)} `;
    expect(readers(await whoRead({ fiscalCode: typed }))).toEqual([['operator-cpia-9', 'partner', 'cpia-bologna', null, 'ByCode']]);
  });

  it('counts a page that included the person, and the question itself, as reads of them', async () => {
    const lastX = (await whoRead({ id: String(x.id) })).nodes.at(-1)!;
    // The previous test's question about X is now in X's trail.
    expect(lastX).toMatchObject({ subject: 'dpo-cpia', purpose: 'data-subject-request', operationName: 'WhoReadMe', entityCounts: [{ entityType: 'ParticipantAuditRecords', records: 1 }] });
    await run({ ...OWN, operationName: 'Register' }, '{ cpiaParticipants(first: 1000) { nodes { id } } }');
    const both = [await whoRead({ id: String(x.id) }), await whoRead({ id: String(y.id) })];
    for (const page of both) expect(page.nodes.some((n) => n.operationName === 'Register')).toBe(true);
  });

  it('is limited to the dates asked and paged', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const all = await whoRead({ id: String(x.id) }, { from: today, to: today });
    expect(all.totalCount).toBeGreaterThanOrEqual(4);
    expect((await whoRead({ id: String(x.id) }, { to: '2020-12-31' })).totalCount).toBe(0);
    expect((await whoRead({ id: String(x.id) }, { from: '2099-01-01' })).totalCount).toBe(0);
    const first = await whoRead({ id: String(x.id) }, { first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await whoRead({ id: String(x.id) }, { first: 1, after: first.pageInfo.endCursor });
    expect(readers(second)).toEqual([['operator-ial-3', 'partner', 'ial-er', 'case-coordination', 'CoordinateCase']]);
  });

  it('answers an empty page for a valid fiscal code the network does not hold', async () => {
    const stem = 'ZZZQQQ80A01H501';
    expect((await whoRead({ fiscalCode: stem + checkCharacter(stem) })).totalCount).toBe(0);
  });

  it.each([
    [{ id: '1', fiscalCode: 'RSSMRA80A01H501U' }, /exactly one/],
    [{}, /exactly one/],
    [{ fiscalCode: 'RSSMRA80A01H501X' }, /not a valid Italian fiscal code/],
    [{ id: 'abc' }, /not a valid id/],
  ])('answers %j with BAD_USER_INPUT, repeating no code', async (participant, message) => {
    const result = await run(DPO, WHO_READ, { participant });
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0].message).toMatch(message);
    expect(result.errors?.[0].message).not.toContain('RSSMRA');
  });

  it.each([
    ['the region', { role: 'region', subject: 'art-er' } as Viewer],
    ["another partner's operator", IAL],
    ['a BI tool', { role: 'bi', subject: 'bi' } as Viewer],
    ['an anonymous caller', { role: 'anonymous' } as Viewer],
  ])('is refused to %s, and the refusal is audited', async (_label, viewer) => {
    const before = await database.db.selectFrom('audit_record').select(sql<number>`max(id)`.as('id')).executeTakeFirstOrThrow();
    const result = await run(viewer, WHO_READ, { participant: { id: String(x.id) } });
    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const written = await database.db.selectFrom('audit_record').select(['denied', 'participants']).where('id', '>', before.id).execute();
    expect(written).toEqual([{ denied: ['Query.cpiaParticipantAuditRecords'], participants: [] }]);
  });

  it('keeps the ids in the network\u2019s own trail, which still verifies as one chain', async () => {
    const rows = await database.db.selectFrom('audit_record').select(['participants']).execute();
    expect(rows.some((r) => r.participants.includes(x.id))).toBe(true);
    expect(await verifyAuditChain(database.db)).toMatchObject({ broken: null });
  });
});
