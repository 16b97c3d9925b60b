// The network's facts for the regional tables' indicators, as the region's IndicatorReport reads
// them through _entities: who took part where in a period, as salted hashes, compared with a
// hand-computed expectation for a few hand-made people and with an independent computation of
// the rules over a generated database.
import { FACT, pseudonymOf, prepareSubgraphDatabase, type Viewer } from '@pleiadi/kit';
import { ageOn } from '@pleiadi/kit/synthetic';
import { countStatements, createTestDatabase, errorCodes, expectedPersonSubject, expectNoPseudonymIn, expectRecordKeys, expectUnlinkableAcrossSalts, factBits as bits, factsWithoutErrors, insertTestParticipant, OTHER_TEST_SALT, queryIndicatorFacts, reportKey, sortFacts as sorted, TEST_SALT as SALT, type IndicatorFact as Fact, type TestDatabase } from '@pleiadi/kit/testing';
import type { Insertable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indicatorFactsOf } from '../src/db/repositories/indicator-facts.ts';
import { CEFR_LEVELS, type CefrLevel, type CourseKind, type EnrolmentStatus } from '../src/db/types.ts';
import { definition, generate, schema, type CpiaDatabase } from '../src/index.ts';

const LINKAGE_KEY = 'test-linkage-key-for-indicator-facts-0123456789';
// The hand-made people live in 2029, years after the generated data ends.
const PERIOD = { from: '2029-01-01', to: '2029-06-30' };
const BOLOGNA = 37006;
const IMOLA = 37032;

let database: TestDatabase<CpiaDatabase>;

const run = (key: string, viewer?: Viewer) => queryIndicatorFacts(schema, database, 'cpiaIndicatorFacts', key, viewer);
const factsOf = async (key: string, viewer?: Viewer) => factsWithoutErrors(await run(key, viewer));

// The hand-made people and their courses, all at sites of Bologna and Imola.
type CourseName = 'language' | 'civic' | 'digital' | 'later' | 'earlier' | 'otherAction' | 'late' | 'endsFirstDay' | 'startsLastDay';
const COURSES: Record<CourseName, { kind: CourseKind; at: number; action: string; starts: string; ends: string }> = {
  language: { kind: 'ITALIAN_L2_A2', at: BOLOGNA, action: 'AZ02', starts: '2029-01-15', ends: '2029-06-30' },
  civic: { kind: 'CIVIC_ORIENTATION', at: IMOLA, action: 'AZ02', starts: '2029-03-01', ends: '2029-03-31' },
  digital: { kind: 'DIGITAL_SKILLS', at: BOLOGNA, action: 'AZ02', starts: '2029-02-01', ends: '2029-03-15' },
  later: { kind: 'ITALIAN_L2_A1', at: BOLOGNA, action: 'AZ02', starts: '2029-09-01', ends: '2029-12-15' },
  earlier: { kind: 'ITALIAN_L2_A1', at: BOLOGNA, action: 'AZ02', starts: '2028-09-01', ends: '2028-12-20' },
  otherAction: { kind: 'CIVIC_ORIENTATION', at: BOLOGNA, action: 'AZ01', starts: '2029-02-01', ends: '2029-02-28' },
  late: { kind: 'CIVIC_ORIENTATION', at: BOLOGNA, action: 'AZ02', starts: '2029-06-20', ends: '2029-09-30' },
  endsFirstDay: { kind: 'DIGITAL_SKILLS', at: IMOLA, action: 'AZ02', starts: '2028-11-01', ends: '2029-01-01' },
  startsLastDay: { kind: 'ITALIAN_L2_B1', at: BOLOGNA, action: 'AZ02', starts: '2029-06-30', ends: '2029-10-30' },
};

interface Person {
  fiscalCode: string;
  gender: 'F' | 'M';
  birth: string;
  enrolments: { course: CourseName; on: string; status: EnrolmentStatus; entry?: CefrLevel; exit?: CefrLevel }[];
  surveys: { course: CourseName; on: string; helped: boolean }[];
}

const PEOPLE: Record<string, Person> = {
  // A1 → A2 in a language course that ended on the period's last day, said so that day that it
  // helped; civic orientation in Imola.
  improved: {
    fiscalCode: 'TSTMNA90C55A944A', gender: 'F', birth: '1990-03-15',
    enrolments: [{ course: 'language', on: '2029-01-10', status: 'COMPLETED', entry: 'A1', exit: 'A2' }, { course: 'civic', on: '2029-02-20', status: 'COMPLETED' }],
    surveys: [{ course: 'language', on: '2029-06-30', helped: true }],
  },
  // Withdrew from the language course; completed digital skills and said it did not help.
  withdrawn: {
    fiscalCode: 'TSTBLL00A01A944B', gender: 'M', birth: '2000-01-01',
    enrolments: [{ course: 'language', on: '2029-01-12', status: 'WITHDRAWN', entry: 'A1' }, { course: 'digital', on: '2029-01-20', status: 'COMPLETED' }],
    surveys: [{ course: 'digital', on: '2029-03-20', helped: false }],
  },
  // Completed the language course without moving up a level.
  same: {
    fiscalCode: 'TSTGLI10B41A944C', gender: 'F', birth: '2010-02-01',
    enrolments: [{ course: 'language', on: '2029-01-14', status: 'COMPLETED', entry: 'A2', exit: 'A2' }],
    surveys: [],
  },
  // Only a course after the period.
  outside: {
    fiscalCode: 'TSTCHN85L60A944D', gender: 'F', birth: '1985-07-20',
    enrolments: [{ course: 'later', on: '2029-08-01', status: 'ENROLLED' }],
    surveys: [],
  },
  // Improved in a course that ended before the period, answered the survey within it.
  answeredLater: {
    fiscalCode: 'TSTEVA80T71A944E', gender: 'F', birth: '1980-12-31',
    enrolments: [{ course: 'earlier', on: '2028-08-20', status: 'COMPLETED', entry: 'PRE_A1', exit: 'A1' }],
    surveys: [{ course: 'earlier', on: '2029-01-05', helped: true }],
  },
  // Civic orientation of another action.
  otherAction: {
    fiscalCode: 'TSTDRA95H30A944F', gender: 'M', birth: '1995-06-30',
    enrolments: [{ course: 'otherAction', on: '2029-01-25', status: 'COMPLETED' }],
    surveys: [],
  },
  // In a course that ended on the period's first day, and one that starts on its last.
  edges: {
    fiscalCode: 'TSTLST70A01A944H', gender: 'M', birth: '1970-01-01',
    enrolments: [{ course: 'endsFirstDay', on: '2028-10-20', status: 'COMPLETED' }, { course: 'startsLastDay', on: '2029-06-25', status: 'ENROLLED', entry: 'A2' }],
    surveys: [],
  },
  // Enrolled after the period's end in a course that had started within it.
  lateEnrolment: {
    fiscalCode: 'TSTHNA99E50A944G', gender: 'F', birth: '1999-05-10',
    enrolments: [{ course: 'late', on: '2029-07-02', status: 'ATTENDING' }],
    surveys: [],
  },
};

/** What the network should report for the period, worked out by hand from the rules. */
const EXPECTED: { who: keyof typeof PEOPLE; place: number; facts: number; gender: number; age: number }[] = [
  { who: 'improved', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE', 'LANGUAGE_LEVEL_IMPROVED', 'INTEGRATION_HELPED'), gender: 1, age: 38 },
  { who: 'improved', place: IMOLA, facts: bits('SUPPORT_ACTIVITY', 'CIVIC_ORIENTATION'), gender: 1, age: 38 },
  { who: 'withdrawn', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE'), gender: 2, age: 29 },
  { who: 'same', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE'), gender: 1, age: 18 },
  { who: 'answeredLater', place: BOLOGNA, facts: bits('INTEGRATION_HELPED'), gender: 1, age: 48 },
  { who: 'otherAction', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'CIVIC_ORIENTATION'), gender: 2, age: 33 },
  { who: 'edges', place: IMOLA, facts: bits('SUPPORT_ACTIVITY'), gender: 2, age: 59 },
  { who: 'edges', place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE'), gender: 2, age: 59 },
];

const pseudonymOfPerson = (who: string) => pseudonymOf(PEOPLE[who].fiscalCode, LINKAGE_KEY);
const expectedFacts = (filter: (who: string) => boolean = () => true, salt = SALT): Fact[] =>
  EXPECTED.filter((e) => filter(e.who)).map(({ who, place, facts, gender, age }) => ({ subject: expectedPersonSubject(pseudonymOfPerson(who), salt), place, facts, gender, age }));

async function insertPeople(): Promise<void> {
  const db = database.db;
  const sites = await db.selectFrom('site').select(['id', 'municipality_code']).execute();
  const siteAt = (place: number) => sites.find((s) => Number(s.municipality_code) === place)!.id;
  const courseIds = {} as Record<CourseName, number>;
  for (const [name, c] of Object.entries(COURSES) as [CourseName, (typeof COURSES)[CourseName]][]) {
    const target = c.kind.startsWith('ITALIAN_L2_') ? (c.kind.slice('ITALIAN_L2_'.length) as CefrLevel) : null;
    const row = await db
      .insertInto('course')
      .values({ site_id: siteAt(c.at), kind: c.kind, action_code: c.action, starts_on: c.starts, ends_on: c.ends, hours: 40, capacity: 20, cefr_target: target })
      .returning('id')
      .executeTakeFirstOrThrow();
    courseIds[name] = row.id;
  }
  for (const person of Object.values(PEOPLE)) {
    const id = await insertTestParticipant(db, LINKAGE_KEY, { fiscalCode: person.fiscalCode, gender: person.gender, birthDate: person.birth });
    const enrolments: Insertable<CpiaDatabase['enrolment']>[] = person.enrolments.map((e) => ({
      participant_id: id, course_id: courseIds[e.course], enrolled_on: e.on, status: e.status, entry_level: e.entry ?? null, exit_level: e.exit ?? null,
      hours_attended: 0, certificate_issued: false,
    }));
    await db.insertInto('enrolment').values(enrolments).execute();
    for (const s of person.surveys) {
      await db.insertInto('integration_survey').values({ participant_id: id, course_id: courseIds[s.course], answered_on: s.on, helped_integration: s.helped }).execute();
    }
  }
}

beforeAll(async () => {
  database = await createTestDatabase<CpiaDatabase>('cpia_facts');
  await prepareSubgraphDatabase(definition, database.db, { demo: false });
  await generate(database.db, { seed: 17, participants: 800, linkageKey: LINKAGE_KEY, store: 'cpia' });
  await insertPeople();
});
afterAll(() => database?.drop());

describe('cpiaIndicatorFacts for hand-made people', () => {
  it('reports each person once per place with the facts of the period, worked out by hand', async () => {
    expect(await factsOf(reportKey(PERIOD.from, PERIOD.to))).toEqual(sorted(expectedFacts()));
  });

  it('counts only the courses of the action asked for', async () => {
    expect(await factsOf(reportKey(PERIOD.from, PERIOD.to, 'AZ02'))).toEqual(sorted(expectedFacts((who) => who !== 'otherAction')));
    expect(await factsOf(reportKey(PERIOD.from, PERIOD.to, 'AZ01'))).toEqual(expectedFacts((who) => who === 'otherAction'));
    expect(await factsOf(reportKey(PERIOD.from, PERIOD.to, 'AZ03'))).toEqual([]);
  });

  it('counts the late enrolment in a later period, and the improvement only in the period the course ended', async () => {
    const summer = await factsOf(reportKey('2029-07-01', '2029-07-31'));
    expect(summer).toEqual(
      sorted([
        { subject: expectedPersonSubject(pseudonymOfPerson('lateEnrolment')), place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'CIVIC_ORIENTATION'), gender: 1, age: 30 },
        { subject: expectedPersonSubject(pseudonymOfPerson('edges')), place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE'), gender: 2, age: 59 },
      ]),
    );
    const december = await factsOf(reportKey('2028-12-01', '2028-12-31'));
    expect(december).toEqual(
      sorted([
        { subject: expectedPersonSubject(pseudonymOfPerson('answeredLater')), place: BOLOGNA, facts: bits('SUPPORT_ACTIVITY', 'LANGUAGE_COURSE', 'LANGUAGE_LEVEL_IMPROVED'), gender: 1, age: 47 },
        { subject: expectedPersonSubject(pseudonymOfPerson('edges')), place: IMOLA, facts: bits('SUPPORT_ACTIVITY'), gender: 2, age: 58 },
      ]),
    );
  });

  it('gives the same hashes for the same key and unrelated ones for another salt', async () => {
    const first = await run(reportKey(PERIOD.from, PERIOD.to));
    expect((await run(reportKey(PERIOD.from, PERIOD.to))).encoded).toBe(first.encoded);
    const other = await factsOf(reportKey(PERIOD.from, PERIOD.to, '*', OTHER_TEST_SALT));
    expect(other).toEqual(sorted(expectedFacts(undefined, OTHER_TEST_SALT)));
    expectUnlinkableAcrossSalts(factsWithoutErrors(first), other);
  });

  it('never lets a pseudonym or a prefix of one out', async () => {
    const pseudonyms = (await database.db.selectFrom('participant').select('pseudonym').execute()).map((p) => p.pseudonym);
    expect(pseudonyms.length).toBeGreaterThan(100);
    expectNoPseudonymIn(await run(reportKey('2025-06-01', '2029-12-31')), pseudonyms);
  });

  it('gives each person the record key of their pseudonym, whatever the salt', async () => {
    const pseudonyms = (await database.db.selectFrom('participant').select('pseudonym').execute()).map((p) => p.pseudonym);
    expectRecordKeys((await run(reportKey('2025-06-01', '2029-12-31'))).encoded, pseudonyms);
    expectRecordKeys((await run(reportKey('2025-06-01', '2029-12-31', '*', OTHER_TEST_SALT))).encoded, pseudonyms, OTHER_TEST_SALT);
  });

  it('refuses a malformed key as BAD_USER_INPUT', async () => {
    // One case here: which keys are malformed is the kit's test of parseReportKey.
    expect(errorCodes(await run(reportKey(PERIOD.to, PERIOD.from)))).toEqual(['BAD_USER_INPUT']);
  });

  it('needs no more than a signed-in caller: BI tools get the facts, anonymous callers never reach the schema', async () => {
    expect(await factsOf(reportKey(PERIOD.from, PERIOD.to), { role: 'bi', subject: 'bi-tool' })).toEqual(sorted(expectedFacts()));
    // The server turns anonymous requests away before any resolver runs (the field has no scope of its own).
    expect(definition.access).toBe('signed-in');
  });

  it('records the read in the audit trail', async () => {
    await run(reportKey(PERIOD.from, PERIOD.to), { role: 'region', subject: 'facts-audit-check' });
    const row = await database.db.selectFrom('audit_record').select(['entities', 'outcome']).where('subject', '=', 'facts-audit-check').executeTakeFirstOrThrow();
    expect(row).toEqual({ entities: { IndicatorFacts: EXPECTED.length }, outcome: 'OK' });
  });
});

describe('cpiaIndicatorFacts on generated data', () => {
  const FROM = '2026-01-01';
  const TO = '2026-06-30';
  const rank = (level: CefrLevel | null) => (level ? CEFR_LEVELS.indexOf(level) : -1);

  /** The rules applied again in plain code to every row of the database. */
  async function independently(from: string, to: string): Promise<Fact[]> {
    const db = database.db;
    const [participants, courses, sites, enrolments, surveys] = await Promise.all([
      db.selectFrom('participant').selectAll().execute(),
      db.selectFrom('course').selectAll().execute(),
      db.selectFrom('site').selectAll().execute(),
      db.selectFrom('enrolment').selectAll().execute(),
      db.selectFrom('integration_survey').selectAll().execute(),
    ]);
    const course = new Map(courses.map((c) => [c.id, c]));
    const place = new Map(sites.map((s) => [s.id, Number(s.municipality_code)]));
    const person = new Map(participants.map((p) => [p.id, p]));
    const facts = new Map<string, number>();
    const add = (participantId: number, courseId: number, bit: number) => {
      const key = `${participantId}|${place.get(course.get(courseId)!.site_id)}`;
      if (bit) facts.set(key, (facts.get(key) ?? 0) | bit);
    };
    for (const e of enrolments) {
      const c = course.get(e.course_id)!;
      const language = c.kind.startsWith('ITALIAN_L2_');
      let bit = 0;
      if (c.starts_on <= to && c.ends_on >= from && e.enrolled_on <= to) {
        bit |= FACT.SUPPORT_ACTIVITY | (language ? FACT.LANGUAGE_COURSE : 0) | (c.kind === 'CIVIC_ORIENTATION' ? FACT.CIVIC_ORIENTATION : 0);
      }
      if (language && e.entry_level && e.exit_level && rank(e.exit_level) > rank(e.entry_level) && c.ends_on >= from && c.ends_on <= to) bit |= FACT.LANGUAGE_LEVEL_IMPROVED;
      add(e.participant_id, e.course_id, bit);
    }
    for (const s of surveys) if (s.helped_integration && s.answered_on >= from && s.answered_on <= to) add(s.participant_id, s.course_id, FACT.INTEGRATION_HELPED);
    return [...facts].map(([key, bit]) => {
      const [id, at] = key.split('|').map(Number);
      const p = person.get(id)!;
      return { subject: expectedPersonSubject(p.pseudonym), place: at, facts: bit, gender: p.gender === 'F' ? 1 : 2, age: ageOn(p.birth_date, from) };
    });
  }

  it('match the rules computed independently, with every fact present', async () => {
    const expected = await independently(FROM, TO);
    expect(expected.length).toBeGreaterThan(100);
    for (const name of ['SUPPORT_ACTIVITY', 'LANGUAGE_COURSE', 'CIVIC_ORIENTATION', 'LANGUAGE_LEVEL_IMPROVED', 'INTEGRATION_HELPED'] as const) {
      expect(expected.some((f) => f.facts & FACT[name])).toBe(true);
    }
    expect(await factsOf(reportKey(FROM, TO))).toEqual(sorted(expected));
  });

  it('take one statement however many people the period holds', async () => {
    const key = (from: string, to: string) => ({ from, to, action: null, salt: SALT });
    let few = 0;
    let many = 0;
    expect(await countStatements([database], async () => (few = (await indicatorFactsOf(database.db, key(PERIOD.from, PERIOD.to))).length))).toBe(1);
    expect(await countStatements([database], async () => (many = (await indicatorFactsOf(database.db, key('2025-06-01', '2026-12-31'))).length))).toBe(1);
    expect(few).toBe(EXPECTED.length);
    expect(many).toBeGreaterThan(few * 30);
    // Through the graph: the same count for both, the facts and the audit row.
    const small = await countStatements([database], () => run(reportKey(PERIOD.from, PERIOD.to)));
    const large = await countStatements([database], () => run(reportKey('2025-06-01', '2026-12-31')));
    expect(large).toBe(small);
    expect(small).toBe(2);
  });
});
