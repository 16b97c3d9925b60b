// The consortia's facts for the region's cross-partner indicators, on four real databases (one per
// ambit; PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise): demo data up to the end of
// October 2026, and hand-made rows in 2027 whose facts are known exactly.
import { FACT, prepareSubgraphDatabase, pseudonymOf, type AmbitCode, type Viewer } from '@pleiadi/kit';
import { ageOn } from '@pleiadi/kit/synthetic';
import { byFact, createTestDatabase, errorCodes, expectedPersonSubject as subjectOf, expectNoPseudonymIn, expectRecordKeys, expectUnlinkableAcrossSalts, factsWithoutErrors, insertTestParticipant, OTHER_TEST_SALT, queryIndicatorFacts, reportKey, TEST_SALT, type IndicatorFact as Fact, type TestDatabase } from '@pleiadi/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition, schema, STORES, storeOf, type AtsDatabase } from '../src/index.ts';

const databases: Record<string, TestDatabase<AtsDatabase>> = {};
const db = (ambit: AmbitCode) => databases[storeOf(ambit)].db;

const YEAR_2027 = (action = '*', salt = TEST_SALT) => reportKey('2027-01-01', '2027-12-31', action, salt);
const LINKAGE_KEY = 'test-linkage-key-of-the-indicator-facts-tests';

const ask = (key: string, viewer?: Viewer) => queryIndicatorFacts(schema, databases, 'atsIndicatorFacts', key, viewer);
/** The facts of a report, decoded and sorted so that lists compare. */
const factsOf = async (key: string) => factsWithoutErrors(await ask(key));

/** Statements each store ran while `work` ran. */
async function statementsPerStore(work: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = Object.fromEntries(STORES.map((s) => [s, databases[s].stats.statements]));
  await work();
  return Object.fromEntries(STORES.map((s) => [s, databases[s].stats.statements - before[s]]));
}

// Amina is served in Bologna and Imola, attends an activity in Casalecchio (Azione 03) and is
// served again in Rimini (another ambit, same pseudonym); Bruno says the support helped him,
// Chiara says it did not.
const AMINA = pseudonymOf('TSTMNA90C55A944A', LINKAGE_KEY);
const BRUNO = pseudonymOf('TSTBRN00A01H501B', LINKAGE_KEY);
const CHIARA = pseudonymOf('TSTCHR85M41H501C', LINKAGE_KEY);
const BOLOGNA = 37006;
const IMOLA = 37032;
const CASALECCHIO = 37011;
const RAVENNA = 39014;
const RIMINI = 99014;

const person = (store: Kysely<AtsDatabase>, fiscalCode: string, gender: 'F' | 'M', birthDate: string) => insertTestParticipant(store, LINKAGE_KEY, { fiscalCode, gender, birthDate });

async function caseAt(store: Kysely<AtsDatabase>, participantId: number, municipality: string, services: [AtsDatabase['service_delivery']['kind'], string][]): Promise<number> {
  const point = await store
    .insertInto('service_point')
    .values({ name: `Test desk ${municipality} ${participantId}`, municipality_code: municipality, kind: 'INFORMATION_DESK', opening_hours: 'Mon 9-12', languages: ['it'], service_kinds: [] })
    .returning('id')
    .executeTakeFirstOrThrow();
  const taken = await store
    .insertInto('case_taking')
    .values({ participant_id: participantId, service_point_id: point.id, opened_on: '2026-12-01', closed_on: null, referral_source: 'SELF' })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [kind, day] of services) {
    await store.insertInto('service_delivery').values({ case_id: taken.id, kind, delivered_on: day, duration_minutes: 60, language: 'it', mediator_code: null }).execute();
  }
  return taken.id;
}

async function attends(store: Kysely<AtsDatabase>, participantId: number, municipality: string, day: string): Promise<void> {
  const activity = await store
    .insertInto('community_activity')
    .values({ title: 'Test activity', kind: 'SPORT', municipality_code: municipality, held_on: day, association_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await store.insertInto('activity_attendance').values({ activity_id: activity.id, participant_id: participantId }).execute();
}

beforeAll(async () => {
  for (const store of STORES) databases[store] = await createTestDatabase<AtsDatabase>(`${store}_facts`);
  await Promise.all(STORES.map((store) => prepareSubgraphDatabase(definition, databases[store].db, { demo: true, store })));

  const bologna = db('BOLOGNA');
  const amina = await person(bologna, 'TSTMNA90C55A944A', 'F', '1990-03-15');
  // Civic orientation in Bologna within the period; in Imola only after it.
  await caseAt(bologna, amina, '037006', [['ORIENTATION', '2027-02-10'], ['CIVIC_ORIENTATION', '2027-03-01']]);
  await caseAt(bologna, amina, '037032', [['LEGAL_INFORMATION', '2027-04-02'], ['CIVIC_ORIENTATION', '2028-01-05']]);
  await attends(bologna, amina, '037011', '2027-05-05');
  await attends(bologna, amina, '037011', '2028-02-01');

  const romagna = db('ROMAGNA');
  const aminaInRomagna = await person(romagna, 'TSTMNA90C55A944A', 'F', '1990-03-15');
  await caseAt(romagna, aminaInRomagna, '099014', [['ORIENTATION', '2027-09-30']]);
  const bruno = await person(romagna, 'TSTBRN00A01H501B', 'M', '2000-01-01');
  const brunosCase = await caseAt(romagna, bruno, '039014', [['ORIENTATION', '2026-12-20']]);
  await romagna.insertInto('integration_survey').values({ case_id: brunosCase, answered_on: '2027-06-01', helped_integration: true }).execute();
  const chiara = await person(romagna, 'TSTCHR85M41H501C', 'F', '1985-08-01');
  const chiarasCase = await caseAt(romagna, chiara, '039014', [['ORIENTATION', '2026-12-21']]);
  await romagna.insertInto('integration_survey').values({ case_id: chiarasCase, answered_on: '2027-06-02', helped_integration: false }).execute();
});
afterAll(async () => {
  for (const store of STORES) await databases[store]?.drop();
});

const F = 1;
const M = 2;
const amina = (place: number, facts: number): Fact => ({ subject: subjectOf(AMINA), place, facts, gender: F, age: 36 });
const bruno = (place: number, facts: number): Fact => ({ subject: subjectOf(BRUNO), place, facts, gender: M, age: 27 });
const { SUPPORT_ACTIVITY, CIVIC_ORIENTATION, INTEGRATION_HELPED } = FACT;

describe('atsIndicatorFacts', () => {
  it('gives one row per person and place with what happened there in the period, from every ambit', async () => {
    expect(await factsOf(YEAR_2027())).toEqual(
      [
        amina(BOLOGNA, SUPPORT_ACTIVITY | CIVIC_ORIENTATION),
        // The civic orientation in Imola is after the period.
        amina(IMOLA, SUPPORT_ACTIVITY),
        amina(CASALECCHIO, SUPPORT_ACTIVITY),
        // The same person in another ambit's database: the same subject, so the region counts her once.
        amina(RIMINI, SUPPORT_ACTIVITY),
        // Only the survey in the period, at the service point of his case; Chiara's "no" gives nothing.
        bruno(RAVENNA, INTEGRATION_HELPED),
      ].sort(byFact),
    );
  });

  it('keeps only the asked action: services and the survey are Azione 02, community activities Azione 03', async () => {
    expect(await factsOf(YEAR_2027('AZ02'))).toEqual(
      [amina(BOLOGNA, SUPPORT_ACTIVITY | CIVIC_ORIENTATION), amina(IMOLA, SUPPORT_ACTIVITY), amina(RIMINI, SUPPORT_ACTIVITY), bruno(RAVENNA, INTEGRATION_HELPED)].sort(byFact),
    );
    expect(await factsOf(YEAR_2027('AZ03'))).toEqual([amina(CASALECCHIO, SUPPORT_ACTIVITY)]);
    // No activity of the consortia belongs to Azione 01: no row, and no database is asked.
    let none: Fact[] = [];
    const statements = await statementsPerStore(async () => (none = await factsOf(YEAR_2027('AZ01'))));
    expect(none).toEqual([]);
    expect(Object.values(statements)).toEqual([1, 0, 0, 0]); // the audit record only
  });

  it('counts the period inclusively at both ends', async () => {
    expect(await factsOf(`2027-03-01/2027-03-01/*/${TEST_SALT}`)).toEqual([amina(BOLOGNA, SUPPORT_ACTIVITY | CIVIC_ORIENTATION)]);
    expect(await factsOf(`2027-02-11/2027-02-28/*/${TEST_SALT}`)).toEqual([]);
    expect(await factsOf(`2028-01-01/2028-12-31/*/${TEST_SALT}`)).toEqual(
      [{ ...amina(IMOLA, SUPPORT_ACTIVITY | CIVIC_ORIENTATION), age: 37 }, { ...amina(CASALECCHIO, SUPPORT_ACTIVITY), age: 37 }].sort(byFact),
    );
  });

  it('hashes with the report salt: the same key gives the same subjects, another salt others', async () => {
    const first = await factsOf(YEAR_2027());
    expect(await factsOf(YEAR_2027())).toEqual(first);
    const salted = await factsOf(YEAR_2027('*', OTHER_TEST_SALT));
    const subjects = new Set(salted.map((f) => f.subject));
    expect(subjects).toEqual(new Set([subjectOf(AMINA, OTHER_TEST_SALT), subjectOf(BRUNO, OTHER_TEST_SALT)]));
    expectUnlinkableAcrossSalts(first, salted);
  });

  it('returns no pseudonym, in any form', async () => {
    expectNoPseudonymIn(await ask(YEAR_2027()), [AMINA, BRUNO, CHIARA]);
  });

  it('gives each person the record key of their pseudonym, whatever the salt', async () => {
    expectRecordKeys((await ask(YEAR_2027())).encoded, [AMINA, BRUNO, CHIARA]);
    expectRecordKeys((await ask(YEAR_2027('*', OTHER_TEST_SALT))).encoded, [AMINA, BRUNO, CHIARA], OTHER_TEST_SALT);
  });

  it('refuses a malformed key as bad input, before any read', async () => {
    // Which keys are malformed is the kit's test of parseReportKey; here, that this field refuses one unread.
    let refused: Awaited<ReturnType<typeof ask>> | undefined;
    const statements = await statementsPerStore(async () => (refused = await ask(YEAR_2027('*', TEST_SALT.toUpperCase()))));
    expect(errorCodes(refused!)).toEqual(['BAD_USER_INPUT']);
    expect(Object.values(statements)).toEqual([0, 0, 0, 0]);
  });

  it('asks each ambit database one statement, however many people it serves', async () => {
    let oneDay: Fact[] = [];
    let all: Fact[] = [];
    const forOneDay = await statementsPerStore(async () => (oneDay = await factsOf(`2027-03-01/2027-03-01/*/${TEST_SALT}`)));
    const forEverything = await statementsPerStore(async () => (all = await factsOf(`2025-01-01/2027-12-31/*/${TEST_SALT}`)));
    expect(oneDay.length).toBe(1);
    expect(all.length).toBeGreaterThan(2000);
    // One statement per store; the first store also takes the request's audit record.
    const expected = Object.fromEntries(STORES.map((s, i) => [s, i === 0 ? 2 : 1]));
    expect(forOneDay).toEqual(expected);
    expect(forEverything).toEqual(expected);
  });

  it('matches an independent computation on the generated data', async () => {
    const [from, to] = ['2026-01-01', '2026-06-30'];
    const expected: Fact[] = [];
    for (const store of STORES) {
      const s = databases[store].db;
      const services = await s
        .selectFrom('service_delivery as d')
        .innerJoin('case_taking as c', 'c.id', 'd.case_id')
        .innerJoin('service_point as sp', 'sp.id', 'c.service_point_id')
        .select(['c.participant_id', 'sp.municipality_code as place', 'd.kind'])
        .where('d.delivered_on', '>=', from)
        .where('d.delivered_on', '<=', to)
        .execute();
      const attended = await s
        .selectFrom('activity_attendance as a')
        .innerJoin('community_activity as ca', 'ca.id', 'a.activity_id')
        .select(['a.participant_id', 'ca.municipality_code as place'])
        .where('ca.held_on', '>=', from)
        .where('ca.held_on', '<=', to)
        .execute();
      const answers = await s
        .selectFrom('integration_survey as v')
        .innerJoin('case_taking as c', 'c.id', 'v.case_id')
        .innerJoin('service_point as sp', 'sp.id', 'c.service_point_id')
        .select(['c.participant_id', 'sp.municipality_code as place', 'v.helped_integration'])
        .where('v.answered_on', '>=', from)
        .where('v.answered_on', '<=', to)
        .execute();
      const people = new Map((await s.selectFrom('participant').select(['id', 'pseudonym', 'gender', 'birth_date']).execute()).map((p) => [p.id, p]));
      const bits = new Map<string, number>();
      const add = (participant: number, place: string, fact: number) => {
        const at = `${participant}/${place}`;
        bits.set(at, (bits.get(at) ?? 0) | fact);
      };
      for (const row of services) add(row.participant_id, row.place, SUPPORT_ACTIVITY | (row.kind === 'CIVIC_ORIENTATION' ? CIVIC_ORIENTATION : 0));
      for (const row of attended) add(row.participant_id, row.place, SUPPORT_ACTIVITY);
      for (const row of answers) if (row.helped_integration) add(row.participant_id, row.place, INTEGRATION_HELPED);
      for (const [at, facts] of bits) {
        const [id, place] = at.split('/');
        const p = people.get(Number(id))!;
        expected.push({ subject: subjectOf(p.pseudonym), place: Number(place), facts, gender: p.gender === 'F' ? F : M, age: ageOn(p.birth_date, from) });
      }
    }
    const actual = await factsOf(`${from}/${to}/*/${TEST_SALT}`);
    expect(actual.length).toBeGreaterThan(500);
    expect(actual.some((f) => f.facts & CIVIC_ORIENTATION)).toBe(true);
    expect(actual.some((f) => f.facts & INTEGRATION_HELPED)).toBe(true);
    expect(actual).toEqual(expected.sort(byFact));
  });

  it('needs no more than a signed-in caller, like every other entity of the subgraph', async () => {
    // The server turns anonymous callers away before any schema runs; the entity says so again.
    expect(definition.access).toBe('signed-in');
    let anonymous: Awaited<ReturnType<typeof ask>> | undefined;
    const statements = await statementsPerStore(async () => (anonymous = await ask(YEAR_2027(), { role: 'anonymous' })));
    expect(errorCodes(anonymous!)).toEqual(['FORBIDDEN']);
    expect(anonymous!.encoded).toBeUndefined();
    expect(JSON.stringify(anonymous!.result)).not.toContain('atsIndicatorFacts":"');
    expect(Object.values(statements)).toEqual([0, 0, 0, 0]);
    const callers: Viewer[] = [{ role: 'bi', subject: 'bi-tool' }, { role: 'partner', partnerId: 'cidas', ambit: 'ROMAGNA', subject: 'operator' }];
    for (const viewer of callers) {
      expect(factsWithoutErrors(await ask(YEAR_2027(), viewer))).toHaveLength(5);
    }
  });
});
