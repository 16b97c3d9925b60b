// IAL's facts for the regional tables' indicators, as the region's IndicatorReport reads them
// through _entities: who was served where in a period, as salted hashes, compared with a
// hand-computed expectation for a few hand-made people and with an independent computation of
// the rules over a generated database.
import { FACT, pseudonymOf, prepareSubgraphDatabase, type Viewer } from '@pleiadi/kit';
import { ageOn } from '@pleiadi/kit/synthetic';
import { countStatements, createTestDatabase, errorCodes, expectedPersonSubject, expectNoPseudonymIn, expectRecordKeys, expectUnlinkableAcrossSalts, factBits as bits, factsWithoutErrors, insertTestParticipant, OTHER_TEST_SALT, queryIndicatorFacts, reportKey, sortFacts as sorted, TEST_SALT as SALT, type IndicatorFact as Fact, type TestDatabase } from '@pleiadi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IAL_ACTION_CODE, indicatorFactsOf } from '../src/db/repositories/indicator-facts.ts';
import type { OrientationKind } from '../src/db/types.ts';
import { definition, generate, schema, type IalDatabase } from '../src/index.ts';

const LINKAGE_KEY = 'test-linkage-key-for-indicator-facts-0123456789';
// The hand-made people's paths are in 2028–2029, after the generated data ends (only the
// generated paths still open are active then).
const PERIOD = { from: '2029-01-01', to: '2029-06-30' };

let database: TestDatabase<IalDatabase>;
let BOLOGNA = 0;
let MODENA = 0;

const run = (key: string, viewer?: Viewer) => queryIndicatorFacts(schema, database, 'ialIndicatorFacts', key, viewer);
const factsOf = async (key: string, viewer?: Viewer) => factsWithoutErrors(await run(key, viewer));

interface Path {
  office: 'ial-bo' | 'ial-mo';
  started: string;
  closed?: string;
  sessions?: [string, OrientationKind][];
  recognitions?: string[];
  surveys?: [string, boolean][];
}
interface Person {
  fiscalCode: string;
  gender: 'F' | 'M';
  birth: string;
  paths: Path[];
}

const PEOPLE: Record<string, Person> = {
  // Guidance, a recognition application and a survey saying it helped, all in the period.
  guided: {
    fiscalCode: 'TSTMNA90C55A944A', gender: 'F', birth: '1990-03-15',
    paths: [{ office: 'ial-bo', started: '2029-02-01', sessions: [['2029-02-10', 'INDIVIDUAL_GUIDANCE'], ['2029-03-01', 'GROUP_WORKSHOP']], recognitions: ['2029-03-15'], surveys: [['2029-05-01', true]] }],
  },
  // A path closed before the period; the survey answered within it still counts.
  closedBefore: {
    fiscalCode: 'TSTBLL00A01A944B', gender: 'M', birth: '2000-01-01',
    paths: [{ office: 'ial-bo', started: '2028-03-01', closed: '2028-12-31', sessions: [['2028-06-01', 'INDIVIDUAL_GUIDANCE']], recognitions: ['2028-04-01'], surveys: [['2029-01-10', true]] }],
  },
  // Moved from Bologna (closed on the period's first day) to Modena: one row per office, each with its own facts.
  moved: {
    fiscalCode: 'TSTGLI10B41A944C', gender: 'F', birth: '2010-02-01',
    paths: [
      { office: 'ial-bo', started: '2028-10-01', closed: '2029-01-01', sessions: [['2028-10-05', 'INDIVIDUAL_GUIDANCE']] },
      { office: 'ial-mo', started: '2029-02-01', sessions: [['2029-02-05', 'INDIVIDUAL_GUIDANCE']] },
    ],
  },
  // Only workshops, and a survey saying it did not help.
  workshops: {
    fiscalCode: 'TSTDRA95H30A944F', gender: 'M', birth: '1995-06-30',
    paths: [{ office: 'ial-mo', started: '2029-01-10', closed: '2029-04-30', sessions: [['2029-01-20', 'GROUP_WORKSHOP'], ['2029-02-20', 'CV_LAB']], surveys: [['2029-04-20', false]] }],
  },
  // A guidance session recorded after the path had closed: guidance, but no active path.
  lateRecord: {
    fiscalCode: 'TSTEVA80T71A944E', gender: 'F', birth: '1980-12-31',
    paths: [{ office: 'ial-bo', started: '2028-05-01', closed: '2028-12-20', sessions: [['2029-01-08', 'INDIVIDUAL_GUIDANCE']] }],
  },
  // Two paths at the same office in the period: one row with the facts of both.
  twoPaths: {
    fiscalCode: 'TSTTWO88M10A944J', gender: 'M', birth: '1988-08-10',
    paths: [
      { office: 'ial-bo', started: '2028-11-01', closed: '2029-02-28' },
      { office: 'ial-bo', started: '2029-04-01', closed: '2029-05-31', recognitions: ['2029-04-10'] },
    ],
  },
  // A path that starts on the period's last day, with guidance that very day.
  lastDay: {
    fiscalCode: 'TSTLST70A01A944H', gender: 'M', birth: '1970-01-01',
    paths: [{ office: 'ial-mo', started: '2029-06-30', sessions: [['2029-06-30', 'INDIVIDUAL_GUIDANCE']] }],
  },
  // Everything after the period.
  later: {
    fiscalCode: 'TSTCHN85L60A944D', gender: 'F', birth: '1985-07-20',
    paths: [{ office: 'ial-bo', started: '2029-07-01', sessions: [['2029-07-05', 'INDIVIDUAL_GUIDANCE']], recognitions: ['2029-07-20'], surveys: [['2029-08-01', true]] }],
  },
};

/** What IAL should report for the period about the hand-made people, worked out by hand. */
const expectedRows = () => [
  { who: 'guided', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'PERSONAL_GUIDANCE', 'RECOGNITION_APPLIED', 'INTEGRATION_HELPED'), gender: 1, age: 38 },
  { who: 'closedBefore', place: BOLOGNA, facts: bits('INTEGRATION_HELPED'), gender: 2, age: 29 },
  { who: 'moved', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY'), gender: 1, age: 18 },
  { who: 'moved', place: MODENA, facts: bits('SUPPORT_ACTIVITY', 'PERSONAL_GUIDANCE'), gender: 1, age: 18 },
  { who: 'workshops', place: MODENA, facts: bits('SUPPORT_ACTIVITY'), gender: 2, age: 33 },
  { who: 'lateRecord', place: BOLOGNA, facts: bits('PERSONAL_GUIDANCE'), gender: 1, age: 48 },
  { who: 'twoPaths', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'RECOGNITION_APPLIED'), gender: 2, age: 40 },
  { who: 'lastDay', place: MODENA, facts: bits('SUPPORT_ACTIVITY', 'PERSONAL_GUIDANCE'), gender: 2, age: 59 },
];

const pseudonymOfPerson = (who: string) => pseudonymOf(PEOPLE[who].fiscalCode, LINKAGE_KEY);
const expectedFacts = (salt = SALT): Fact[] =>
  expectedRows().map(({ who, place, facts, gender, age }) => ({ subject: expectedPersonSubject(pseudonymOfPerson(who), salt), place, facts, gender, age }));
/** The facts about the hand-made people among all those reported. */
const handMade = (facts: Fact[], salt = SALT) => {
  const subjects = new Set(Object.keys(PEOPLE).map((who) => expectedPersonSubject(pseudonymOfPerson(who), salt)));
  return sorted(facts.filter((f) => subjects.has(f.subject)));
};

async function insertPeople(): Promise<void> {
  const db = database.db;
  for (const person of Object.values(PEOPLE)) {
    const id = await insertTestParticipant(db, LINKAGE_KEY, { fiscalCode: person.fiscalCode, gender: person.gender, birthDate: person.birth });
    for (const path of person.paths) {
      const { id: pathId } = await db
        .insertInto('job_path')
        .values({ participant_id: id, office_id: path.office, started_on: path.started, closed_on: path.closed ?? null, status: path.closed ? 'CLOSED' : 'OPEN' })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [heldOn, kind] of path.sessions ?? []) await db.insertInto('orientation_session').values({ job_path_id: pathId, held_on: heldOn, minutes: 60, kind }).execute();
      for (const submittedOn of path.recognitions ?? []) {
        await db.insertInto('qualification_recognition').values({ job_path_id: pathId, country: 'MA', qualification_kind: 'DEGREE', submitted_on: submittedOn, outcome: 'PENDING' }).execute();
      }
      for (const [answeredOn, helped] of path.surveys ?? []) await db.insertInto('integration_survey').values({ job_path_id: pathId, answered_on: answeredOn, helped_integration: helped }).execute();
    }
  }
}

/** The rules applied again in plain code to every row of the database. */
async function independently(from: string, to: string, salt = SALT): Promise<Fact[]> {
  const db = database.db;
  const [participants, offices, paths, sessions, recognitions, surveys] = await Promise.all([
    db.selectFrom('participant').selectAll().execute(),
    db.selectFrom('office').selectAll().execute(),
    db.selectFrom('job_path').selectAll().execute(),
    db.selectFrom('orientation_session').selectAll().execute(),
    db.selectFrom('qualification_recognition').selectAll().execute(),
    db.selectFrom('integration_survey').selectAll().execute(),
  ]);
  const place = new Map(offices.map((o) => [o.id, Number(o.municipality_code)]));
  const path = new Map(paths.map((p) => [p.id, p]));
  const person = new Map(participants.map((p) => [p.id, p]));
  const facts = new Map<string, number>();
  const within = (date: string) => date >= from && date <= to;
  const add = (pathId: number, bit: number) => {
    const p = path.get(pathId)!;
    const key = `${p.participant_id}|${place.get(p.office_id)}`;
    facts.set(key, (facts.get(key) ?? 0) | bit);
  };
  for (const p of paths) if (p.started_on <= to && (p.closed_on === null || p.closed_on >= from)) add(p.id, FACT.SUPPORT_ACTIVITY);
  for (const s of sessions) if (s.kind === 'INDIVIDUAL_GUIDANCE' && within(s.held_on)) add(s.job_path_id, FACT.PERSONAL_GUIDANCE);
  for (const r of recognitions) if (within(r.submitted_on)) add(r.job_path_id, FACT.RECOGNITION_APPLIED);
  for (const s of surveys) if (s.helped_integration && within(s.answered_on)) add(s.job_path_id, FACT.INTEGRATION_HELPED);
  return [...facts].map(([key, bit]) => {
    const [id, at] = key.split('|').map(Number);
    const p = person.get(id)!;
    return { subject: expectedPersonSubject(p.pseudonym, salt), place: at, facts: bit, gender: p.gender === 'F' ? 1 : 2, age: ageOn(p.birth_date, from) };
  });
}

beforeAll(async () => {
  database = await createTestDatabase<IalDatabase>('ial_facts');
  await prepareSubgraphDatabase(definition, database.db, { demo: false });
  await generate(database.db, { seed: 17, participants: 1000, linkageKey: LINKAGE_KEY, store: 'ial' });
  await insertPeople();
  const offices = await database.db.selectFrom('office').select(['id', 'municipality_code']).where('id', 'in', ['ial-bo', 'ial-mo']).execute();
  BOLOGNA = Number(offices.find((o) => o.id === 'ial-bo')!.municipality_code);
  MODENA = Number(offices.find((o) => o.id === 'ial-mo')!.municipality_code);
});
afterAll(() => database?.drop());

describe('ialIndicatorFacts for hand-made people', () => {
  it('reports each person once per office with the facts of the period, worked out by hand', async () => {
    expect(BOLOGNA).toBe(37006);
    expect(handMade(await factsOf(reportKey(PERIOD.from, PERIOD.to)))).toEqual(sorted(expectedFacts()));
  });

  it('reports everything IAL does under its action, and nothing under another without asking the database', async () => {
    expect(handMade(await factsOf(reportKey(PERIOD.from, PERIOD.to, IAL_ACTION_CODE)))).toEqual(sorted(expectedFacts()));
    expect(await factsOf(reportKey(PERIOD.from, PERIOD.to, 'AZ01'))).toEqual([]);
    const key = { ...PERIOD, action: 'AZ03', salt: SALT };
    expect(await countStatements([database], async () => expect((await indicatorFactsOf(database.db, key)).length).toBe(0))).toBe(0);
  });

  it('counts the later activities in their own period', async () => {
    const summer = handMade(await factsOf(reportKey('2029-07-01', '2029-08-31')));
    expect(summer).toEqual(
      sorted([
        { subject: expectedPersonSubject(pseudonymOfPerson('later')), place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'PERSONAL_GUIDANCE', 'RECOGNITION_APPLIED', 'INTEGRATION_HELPED'), gender: 1, age: 43 },
        { subject: expectedPersonSubject(pseudonymOfPerson('guided')), place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY'), gender: 1, age: 39 },
        { subject: expectedPersonSubject(pseudonymOfPerson('moved')), place: MODENA, facts: bits('SUPPORT_ACTIVITY'), gender: 1, age: 19 },
        { subject: expectedPersonSubject(pseudonymOfPerson('lastDay')), place: MODENA, facts: bits('SUPPORT_ACTIVITY'), gender: 2, age: 59 },
      ]),
    );
  });

  it('gives the same hashes for the same key and unrelated ones for another salt', async () => {
    const first = await run(reportKey(PERIOD.from, PERIOD.to));
    const again = await run(reportKey(PERIOD.from, PERIOD.to));
    expect(again.encoded).toBe(first.encoded);
    const other = await factsOf(reportKey(PERIOD.from, PERIOD.to, '*', OTHER_TEST_SALT));
    expect(handMade(other, OTHER_TEST_SALT)).toEqual(sorted(expectedFacts(OTHER_TEST_SALT)));
    // With the generated people still on a path in 2029: many more than the hand-made ones.
    expect(other.length).toBeGreaterThan(expectedRows().length);
    expectUnlinkableAcrossSalts(factsWithoutErrors(first), other);
  });

  it('never lets a pseudonym or a prefix of one out', async () => {
    const response = await run(reportKey('2025-06-01', '2029-12-31'));
    const pseudonyms = await database.db.selectFrom('participant').select('pseudonym').execute();
    expect(pseudonyms.length).toBeGreaterThan(100);
    expectNoPseudonymIn(response, pseudonyms.map((p) => p.pseudonym));
  });

  it('gives each person the record key of their pseudonym, whatever the salt', async () => {
    const pseudonyms = (await database.db.selectFrom('participant').select('pseudonym').execute()).map((p) => p.pseudonym);
    expectRecordKeys((await run(reportKey('2025-06-01', '2029-12-31'))).encoded, pseudonyms);
    expectRecordKeys((await run(reportKey('2025-06-01', '2029-12-31', '*', OTHER_TEST_SALT))).encoded, pseudonyms, OTHER_TEST_SALT);
  });

  it('refuses a malformed key, an impossible date, as BAD_USER_INPUT', async () => {
    // Which keys are malformed is the kit's test of parseReportKey; here, that this field refuses one.
    const response = await run(reportKey('2029-02-30', PERIOD.to));
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('needs no more than a signed-in caller: BI tools get the facts, anonymous callers never reach the schema', async () => {
    expect(handMade(await factsOf(reportKey(PERIOD.from, PERIOD.to), { role: 'bi', subject: 'bi-tool' }))).toEqual(sorted(expectedFacts()));
    // The server turns anonymous requests away before any resolver runs (the field has no scope of its own).
    expect(definition.access).toBe('signed-in');
  });

  it('records the read in the audit trail', async () => {
    const facts = await factsOf(reportKey(PERIOD.from, PERIOD.to), { role: 'region', subject: 'facts-audit-check' });
    const row = await database.db.selectFrom('audit_record').select(['entities', 'outcome']).where('subject', '=', 'facts-audit-check').executeTakeFirstOrThrow();
    expect(row).toEqual({ entities: { IndicatorFacts: facts.length }, outcome: 'OK' });
  });
});

describe('ialIndicatorFacts on generated data', () => {
  it.each([
    ['a half year of generated paths', '2026-01-01', '2026-06-30'],
    ['the whole generated window', '2025-06-01', '2026-10-31'],
    ['the hand-made period', PERIOD.from, PERIOD.to],
  ])('match the rules computed independently for %s', async (_name, from, to) => {
    const expected = await independently(from, to);
    expect(expected.length).toBeGreaterThan(50);
    expect(await factsOf(reportKey(from, to))).toEqual(sorted(expected));
  });

  it('hold every fact IAL reports in a generated half year', async () => {
    const facts = await independently('2026-01-01', '2026-06-30');
    for (const name of ['SUPPORT_ACTIVITY', 'PERSONAL_GUIDANCE', 'RECOGNITION_APPLIED', 'INTEGRATION_HELPED'] as const) {
      expect(facts.some((f) => f.facts & FACT[name])).toBe(true);
    }
  });

  it('take one statement however many people the period holds', async () => {
    const key = (from: string, to: string) => ({ from, to, action: null, salt: SALT });
    let few = 0;
    let many = 0;
    expect(await countStatements([database], async () => (few = (await indicatorFactsOf(database.db, key('2029-08-01', '2029-08-31'))).length))).toBe(1);
    expect(await countStatements([database], async () => (many = (await indicatorFactsOf(database.db, key('2025-06-01', '2026-12-31'))).length))).toBe(1);
    expect(many).toBeGreaterThan(few * 2);
    expect(many).toBeGreaterThan(200);
    // Through the graph: the same count for both, the facts and the audit row.
    const small = await countStatements([database], () => run(reportKey('2029-08-01', '2029-08-31')));
    const large = await countStatements([database], () => run(reportKey('2025-06-01', '2026-12-31')));
    expect(large).toBe(small);
    expect(small).toBe(2);
  });
});
