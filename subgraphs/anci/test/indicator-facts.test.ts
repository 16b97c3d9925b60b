// ANCI's facts for the region's cross-partner indicators (O.2.2, local and regional authorities
// supported) on a real database (PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise):
// demo data up to October 2026, and hand-made rows in 2028 whose facts are known exactly.
import { FACT, prepareSubgraphDatabase, type Viewer } from '@pleiadi/kit';
import { byFact, countStatements, createTestDatabase, errorCodes, execute, expectedSubject, factsWithoutErrors, OTHER_TEST_SALT, queryIndicatorFacts, reportKey, TEST_SALT, type IndicatorFact as Fact, type TestDatabase } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, type AnciDatabase } from '../src/index.ts';

let database: TestDatabase<AnciDatabase>;

const YEAR_2028 = (action = '*', salt = TEST_SALT) => reportKey('2028-01-01', '2028-12-31', action, salt);

const ask = (key: string, viewer?: Viewer) => queryIndicatorFacts(schema, database, 'anciIndicatorFacts', key, viewer);
const factsOf = async (key: string) => factsWithoutErrors(await ask(key));
const subjectOf = (organisationId: number, salt = TEST_SALT) => expectedSubject(`organisation:${organisationId}`, salt);
/** An authority's fact: no gender (0) and no age (255), as for every item. */
const supported = (organisationId: number, place: number, salt = TEST_SALT): Fact => ({ subject: subjectOf(organisationId, salt), place, facts: FACT.AUTHORITY_SUPPORTED, gender: 0, age: 255 });

async function localAuthoritiesSupported(from: string, to: string): Promise<number> {
  const result = await execute(schema, database, `{ localAuthoritiesSupported(filter: {from: "${from}", to: "${to}"}) }`);
  expect(result.errors).toBeUndefined();
  return result.data!.localAuthoritiesSupported;
}

// Imola trains over new year's day 2028 only; a union without a seat meets; Faenza meets only in 2029;
// a third-sector body trains (not an authority).
const ids: Record<'imola' | 'union' | 'faenza' | 'thirdSector', number> = { imola: 0, union: 0, faenza: 0, thirdSector: 0 };

beforeAll(async () => {
  database = await createTestDatabase<AnciDatabase>('anci_facts');
  await prepareSubgraphDatabase(definition, database.db, { demo: true });
  const db = database.db;
  const organisation = async (name: string, kind: AnciDatabase['organisation']['kind'], municipality: string | null) =>
    (await db.insertInto('organisation').values({ name, kind, municipality_code: municipality }).returning('id').executeTakeFirstOrThrow()).id;
  ids.imola = await organisation('Test: Comune di Imola (facts)', 'MUNICIPALITY', '037032');
  ids.union = await organisation('Test: Unione senza sede (facts)', 'UNION_OF_MUNICIPALITIES', null);
  ids.faenza = await organisation('Test: Comune di Faenza (facts)', 'MUNICIPALITY', '039010');
  ids.thirdSector = await organisation('Test: Cooperativa (facts)', 'THIRD_SECTOR', '037006');

  const training = await db
    .insertInto('operator_training')
    .values({ title: 'Test training', starts_on: '2027-12-28', ends_on: '2028-01-03', hours: 12, ambit_code: 'BOLOGNA', provider: 'ANCI', mode: 'ONLINE' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const id of [ids.imola, ids.thirdSector]) {
    await db.insertInto('training_attendance').values({ training_id: training.id, organisation_id: id, operators: 2, hours_attended: 12 }).execute();
  }
  const table = await db.selectFrom('governance_table').select('id').orderBy('id').executeTakeFirstOrThrow();
  const meeting = async (day: string, attendees: number[]) => {
    const row = await db.insertInto('meeting').values({ table_id: table.id, held_on: day, agenda: 'Test', outcomes: null }).returning('id').executeTakeFirstOrThrow();
    for (const id of attendees) await db.insertInto('meeting_attendance').values({ meeting_id: row.id, organisation_id: id }).execute();
  };
  await meeting('2028-12-31', [ids.union]);
  await meeting('2029-01-01', [ids.faenza]);
});
afterAll(() => database.drop());

describe('anciIndicatorFacts', () => {
  it('gives each authority supported in the period once, at its seat, region-wide without one', async () => {
    expect(await factsOf(YEAR_2028())).toEqual([supported(ids.imola, 37032), supported(ids.union, 0)].sort(byFact));
    expect(await factsOf(`2029-01-01/2029-01-31/*/${TEST_SALT}`)).toEqual([supported(ids.faenza, 39010)]);
    // The training overlaps either period by one end only.
    expect(await factsOf(`2027-06-01/2027-12-28/*/${TEST_SALT}`)).toEqual([supported(ids.imola, 37032)]);
    expect(await factsOf(`2028-01-03/2028-06-30/*/${TEST_SALT}`)).toEqual([supported(ids.imola, 37032)]);
  });

  it('places the Region region-wide though its seat is in Bologna (O.2.2 rule), here and in the ambit counts', async () => {
    const db = database.db;
    const regione = await db.selectFrom('organisation').select(['id', 'municipality_code']).where('kind', '=', 'REGION').executeTakeFirstOrThrow();
    expect(regione.municipality_code).toBe('037006');
    const table = await db.selectFrom('governance_table').select('id').orderBy('id').executeTakeFirstOrThrow();
    const meeting = await db.insertInto('meeting').values({ table_id: table.id, held_on: '2030-03-01', agenda: 'Test', outcomes: null }).returning('id').executeTakeFirstOrThrow();
    for (const id of [regione.id, ids.imola]) await db.insertInto('meeting_attendance').values({ meeting_id: meeting.id, organisation_id: id }).execute();
    expect(await factsOf(`2030-01-01/2030-12-31/*/${TEST_SALT}`)).toEqual([supported(regione.id, 0), supported(ids.imola, 37032)].sort(byFact));
    const inBologna = await execute(schema, database, `{ localAuthoritiesSupported(filter: {from: "2030-01-01", to: "2030-12-31", ambit: "BOLOGNA"}) }`);
    expect(inBologna.errors).toBeUndefined();
    expect(inBologna.data!.localAuthoritiesSupported).toBe(1);
    expect(await localAuthoritiesSupported('2030-01-01', '2030-12-31')).toBe(2);
  });

  it('counts the authorities localAuthoritiesSupported counts, for any range', async () => {
    for (const [from, to] of [['2025-06-01', '2026-06-30'], ['2026-01-01', '2026-03-31'], ['2025-01-01', '2029-12-31'], ['2028-01-01', '2028-12-31']]) {
      const facts = await factsOf(`${from}/${to}/*/${TEST_SALT}`);
      expect(new Set(facts.map((f) => f.subject)).size, `${from}–${to}`).toBe(await localAuthoritiesSupported(from, to));
      expect(facts.length).toBe(new Set(facts.map((f) => f.subject)).size);
    }
    expect((await factsOf(`2025-06-01/2026-06-30/*/${TEST_SALT}`)).length).toBeGreaterThan(10);
  });

  it('belongs to Azione 01 only: another action gives nothing, without a read', async () => {
    expect(await factsOf(YEAR_2028('AZ01'))).toEqual(await factsOf(YEAR_2028()));
    for (const action of ['AZ02', 'AZ03']) {
      let facts: Fact[] = [];
      const statements = await countStatements([database], async () => (facts = await factsOf(YEAR_2028(action))));
      expect(facts).toEqual([]);
      expect(statements).toBe(0);
    }
  });

  it('hashes with the report salt: the same key gives the same subjects, another salt others', async () => {
    expect(await factsOf(YEAR_2028())).toEqual(await factsOf(YEAR_2028()));
    expect(await factsOf(YEAR_2028('*', OTHER_TEST_SALT))).toEqual([supported(ids.imola, 37032, OTHER_TEST_SALT), supported(ids.union, 0, OTHER_TEST_SALT)].sort(byFact));
  });

  it('reads the database once, however many authorities', async () => {
    expect(await countStatements([database], () => factsOf(YEAR_2028()))).toBe(1);
    expect(await countStatements([database], () => factsOf(`2025-01-01/2029-12-31/*/${TEST_SALT}`))).toBe(1);
  });

  it('refuses a malformed key as bad input, before any read', async () => {
    // Which keys are malformed is the kit's test of parseReportKey; here, that this field refuses one unread.
    let refused: Awaited<ReturnType<typeof ask>> | undefined;
    expect(await countStatements([database], async () => (refused = await ask(YEAR_2028('AZ1'))))).toBe(0);
    expect(errorCodes(refused!)).toEqual(['BAD_USER_INPUT']);
  });

  it('is for signed-in callers, like localAuthoritiesSupported, though the subgraph itself is public', async () => {
    for (const viewer of [{ role: 'region' }, { role: 'bi', subject: 'bi-tool' }, { role: 'partner', partnerId: 'cidas', subject: 'operator' }] as Viewer[]) {
      expect(factsWithoutErrors(await ask(YEAR_2028(), viewer)).length).toBeGreaterThan(0);
    }
    let anonymous: Awaited<ReturnType<typeof ask>> | undefined;
    const statements = await countStatements([database], async () => (anonymous = await ask(YEAR_2028(), { role: 'anonymous' })));
    expect(errorCodes(anonymous!)).toEqual(['FORBIDDEN']);
    expect(statements).toBe(0);
  });
});
