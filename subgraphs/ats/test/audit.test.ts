// Who read a participant's records (GDPR art. 15), asked by the ambit consortium that holds them,
// on four real databases (one per ambit; PostgreSQL when TEST_DATABASE_URL is set, PGlite
// otherwise) with the demo data: each ambit's trail names who read its person X and not who read
// Y, only that ambit's own operators may ask, and every store's trail verifies as a chain.
import { CASE_COORDINATION, checkCharacter, participantGrants, prepareSubgraphDatabase, verifyAuditChain, type Viewer } from '@pleiadi/kit';
import { createTestDatabase, execute, TEST_INTERNAL_SECRET, type TestDatabase } from '@pleiadi/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, STORES, storeOf, type AtsDatabase } from '../src/index.ts';

const databases: Record<string, TestDatabase<AtsDatabase>> = {};
const BOLOGNA = storeOf('BOLOGNA');
type Person = { id: number; pseudonym: string; fiscal_code: string };
let x: Person;
let y: Person;

const operator = (subject: string, operationName: string, extra: Partial<Viewer> = {}): Viewer =>
  ({ role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', subject, operationName, ...extra });
const DPO = operator('dpo-arcolaio', 'WhoReadMe', { purpose: 'data-subject-request' });
const CPIA: Viewer = { role: 'partner', partnerId: 'cpia-bologna', subject: 'operator-cpia-2', purpose: CASE_COORDINATION, operationName: 'CoordinateCase' };
const ROMAGNA: Viewer = { role: 'partner', partnerId: 'cidas', ambit: 'ROMAGNA', subject: 'dpo-cidas', operationName: 'WhoReadMe' };

const run = (viewer: Viewer, query: string, variables?: Record<string, unknown>) => execute(schema, databases, query, variables, viewer);

const WHO_READ = `query($participant: AtsAuditedParticipant!, $from: Date, $to: Date, $first: Int, $after: String) {
  atsParticipantAuditRecords(participant: $participant, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { subject role partnerId ambit purpose operationName } } }`;

async function whoRead(participant: Record<string, unknown>, viewer: Viewer = DPO, extra: Record<string, unknown> = {}) {
  const result = await run(viewer, WHO_READ, { participant, first: 100, ...extra });
  expect(result.errors).toBeUndefined();
  return result.data!.atsParticipantAuditRecords as { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { subject: string; role: string; partnerId: string; ambit: string | null; purpose: string | null; operationName: string }[] };
}
const readers = (page: Awaited<ReturnType<typeof whoRead>>) => page.nodes.map((n) => [n.subject, n.partnerId, n.purpose, n.operationName]);

beforeAll(async () => {
  for (const store of STORES) databases[store] = await createTestDatabase<AtsDatabase>(`${store}_audit`);
  await Promise.all(STORES.map((store) => prepareSubgraphDatabase(definition, databases[store].db, { demo: true, store })));
  const people = await sql<Person>`select p.id, p.pseudonym, p.fiscal_code from participant p
    where exists (select 1 from case_taking c where c.participant_id = p.id) order by p.id offset 10 limit 2`.execute(databases[BOLOGNA].db);
  [x, y] = people.rows;

  await run(operator('operator-arcolaio-1', 'FindX'), 'query($id: ID!) { atsParticipant(id: $id) { lastName cases { openedOn } } }', { id: `BOLOGNA:${x.id}` });
  // Another partner reads X's cases across all four ambits' databases, by pseudonym, with a grant.
  const grant = await participantGrants(CPIA, TEST_INTERNAL_SECRET).sign(x.pseudonym);
  await run(CPIA, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Participant { atsCases { openedOn } } } }', {
    r: [{ __typename: 'Participant', pseudonym: x.pseudonym, grant }],
  });
  await run(operator('operator-arcolaio-2', 'ByCode'), 'query($c: String) { atsParticipants(search: {fiscalCode: $c}) { nodes { lastName } } }', { c: y.fiscal_code });
});
afterAll(async () => {
  for (const store of STORES) await databases[store]?.drop();
});

describe('who read a participant of an ambit', () => {
  it("names every request that read X in the ambit's database, and none that read only Y", async () => {
    expect(readers(await whoRead({ id: `BOLOGNA:${x.id}` }))).toEqual([
      ['operator-arcolaio-1', 'arcolaio', null, 'FindX'],
      ['operator-cpia-2', 'cpia-bologna', CASE_COORDINATION, 'CoordinateCase'],
    ]);
    expect(readers(await whoRead({ fiscalCode: y.fiscal_code.toLowerCase() }))).toEqual([['operator-arcolaio-2', 'arcolaio', null, 'ByCode']]);
  });

  it('is paged, limited to the dates asked, and the question itself is a read of the person', async () => {
    const first = await whoRead({ id: `BOLOGNA:${x.id}` }, DPO, { first: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await whoRead({ id: `BOLOGNA:${x.id}` }, DPO, { after: first.pageInfo.endCursor });
    expect(rest.nodes.map((n) => n.operationName)).toEqual(['CoordinateCase', 'WhoReadMe', 'WhoReadMe']);
    expect((await whoRead({ id: `BOLOGNA:${x.id}` }, DPO, { to: '2020-12-31' })).totalCount).toBe(0);
  });

  it("keeps each ambit's answer to its own database: another ambit does not hold X's Bologna reads", async () => {
    const page = await whoRead({ fiscalCode: x.fiscal_code }, ROMAGNA);
    expect(page.nodes.some((n) => n.operationName === 'FindX')).toBe(false);
    const stem = 'ZZZQQQ80A01H501';
    expect((await whoRead({ fiscalCode: stem + checkCharacter(stem) })).totalCount).toBe(0);
  });

  it.each([
    ['the region', { role: 'region', subject: 'art-er' } as Viewer, { id: 'BOLOGNA:1' }],
    ["another partner's operator", CPIA, { id: 'BOLOGNA:1' }],
    ['a BI tool', { role: 'bi', subject: 'bi' } as Viewer, { id: 'BOLOGNA:1' }],
    ["another ambit's consortium, about a Bologna id", ROMAGNA, { id: 'BOLOGNA:1' }],
  ])('is refused to %s, and the refusal is audited', async (_label, viewer, participant) => {
    const result = await run(viewer, WHO_READ, { participant });
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(result.data?.atsParticipantAuditRecords ?? null).toBeNull();
    const stores = await Promise.all(STORES.map((s) => databases[s].db.selectFrom('audit_record').select(['denied', 'participants']).where('subject', '=', viewer.subject!).orderBy('id', 'desc').limit(1).execute()));
    expect(stores.flat().find((r) => r.denied.includes('Query.atsParticipantAuditRecords'))).toMatchObject({ participants: [] });
  });

  it('answers malformed input with BAD_USER_INPUT, repeating no code', async () => {
    for (const participant of [{}, { id: `BOLOGNA:${x.id}`, fiscalCode: x.fiscal_code }, { fiscalCode: 'RSSMRA80A01H501X' }, { id: 'bologna-1' }]) {
      const result = await run(DPO, WHO_READ, { participant });
      expect(result.errors?.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0].message).not.toMatch(/RSSMRA|rssmra/);
      expect(result.errors?.[0].message).not.toContain(x.fiscal_code);
    }
  });

  it('leaves every ambit\u2019s trail a valid chain', async () => {
    for (const store of STORES) expect(await verifyAuditChain(databases[store].db)).toMatchObject({ broken: null });
    const rows = await databases[BOLOGNA].db.selectFrom('audit_record').select('participants').execute();
    expect(rows.some((r) => r.participants.includes(x.id))).toBe(true);
  });
});
