// Synthetic records of the CPIA network for demo data and load tests. From the shared synthetic
// population it keeps the people the network serves; each takes a placement test and enrols, at a
// site of their province near home, in a language course first, then often civic orientation
// and sometimes digital skills. Courses are opened where and when learners wait for them.
import { addDays, createRandom, municipalityByCode, type Random } from '@pleiadi/kit';
import { insertInChunks, SYNTHETIC_FROM, SYNTHETIC_UNTIL, syntheticPopulation, type GenerateOptions, type SyntheticPerson, type GenerateReport, participantRow } from '@pleiadi/kit/synthetic';
import { sql, type Kysely } from 'kysely';
import type { CefrLevel, CourseKind, CpiaDatabase } from '../types.ts';
import { classesAtIntakes, courseEnd, intakeDates } from './calendar.ts';
import { outcome } from './outcomes.ts';
import { COURSE_ACTION_CODE, COURSE_KIND_ROWS, seedReference } from './reference.ts';

export type { GenerateReport };

/** The generated records describe the network as it stands on this day. */
export const AS_OF = SYNTHETIC_UNTIL;

const PROFILES: Record<CourseKind, { hours: readonly number[]; hoursPerWeek: readonly [number, number]; withdrawal: number }> = {
  ITALIAN_L2_PRE_A1: { hours: [100, 120, 150], hoursPerWeek: [6, 9], withdrawal: 0.2 },
  ITALIAN_L2_A1: { hours: [80, 100], hoursPerWeek: [6, 10], withdrawal: 0.17 },
  ITALIAN_L2_A2: { hours: [80, 100], hoursPerWeek: [6, 10], withdrawal: 0.15 },
  ITALIAN_L2_B1: { hours: [100, 120], hoursPerWeek: [6, 8], withdrawal: 0.13 },
  CIVIC_ORIENTATION: { hours: [10, 12, 16, 20], hoursPerWeek: [4, 6], withdrawal: 0.06 },
  DIGITAL_SKILLS: { hours: [20, 24, 30, 40], hoursPerWeek: [4, 6], withdrawal: 0.1 },
};
const TARGET = new Map(COURSE_KIND_ROWS.map((k) => [k.code, k.cefr_target]));

/** Levels the placement test gives the network's learners (weights). */
const PLACEMENT: (readonly [CefrLevel, number])[] = [['PRE_A1', 30], ['A1', 32], ['A2', 24], ['B1', 11], ['B2', 3]];

/** The language course for a placement level: at or above it, so entry ≤ course level. */
function languageCourseFor(random: Random, level: CefrLevel): CourseKind | null {
  switch (level) {
    case 'PRE_A1': return random.chance(0.35) ? 'ITALIAN_L2_PRE_A1' : 'ITALIAN_L2_A1';
    case 'A1': return random.chance(0.4) ? 'ITALIAN_L2_A1' : 'ITALIAN_L2_A2';
    case 'A2': return random.chance(0.4) ? 'ITALIAN_L2_A2' : 'ITALIAN_L2_B1';
    case 'B1': return 'ITALIAN_L2_B1';
    case 'B2': return null;
  }
}

interface Site {
  id: number;
  municipality_code: string;
  province_code: string;
  seat: boolean;
}

interface Learner {
  id: number;
  person: SyntheticPerson;
  random: Random;
  site: Site;
  placement: CefrLevel;
}

interface Request {
  learner: Learner;
  kind: CourseKind;
  ready: string;
  entry: CefrLevel | null;
}

type CourseRow = Omit<CpiaDatabase['course'], 'id'> & { id: number };
type EnrolmentRow = CpiaDatabase['enrolment'];
type SurveyRow = Omit<CpiaDatabase['integration_survey'], 'id'>;

/** Share of learners who answer the integration survey after completing a course, and who say it helped. */
const SURVEY = { answers: 0.4, helped: 0.75, withinDays: 14 };

/** A seed per person and purpose, independent of everyone else's records. */
function streamOf(seed: number, index: number, salt: number): Random {
  return createRandom((Math.imul(seed ^ salt, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0);
}

/** The learner's site: in their municipality if there is one, otherwise the seat or another site of the province. */
function siteNear(random: Random, residence: string, sites: readonly Site[]): Site {
  const local = sites.find((s) => s.municipality_code === residence);
  if (local) return local;
  const others = sites.filter((s) => !s.seat);
  return !others.length || random.chance(0.5) ? sites.find((s) => s.seat) ?? sites[0] : random.pick(others);
}

/**
 * Civic orientation (often) and digital skills (sometimes) after the start of the language course,
 * less often after leaving it; learners who need no language course (B2) come to them directly
 * and always have a first course, even if only booked after the end of the data.
 */
function followUps(learner: Learner, language: Placed | undefined): Request[] {
  const { random, person } = learner;
  const from = language ? language.course.starts_on : person.firstSeen;
  const left = language?.enrolment.status === 'WITHDRAWN';
  const civic = language ? random.chance(left ? 0.3 : 0.65) : random.chance(0.7);
  const digital = language ? random.chance(left ? 0.12 : 0.3) : !civic || random.chance(0.4);
  const wanted: Request[] = [];
  if (civic) wanted.push({ learner, kind: 'CIVIC_ORIENTATION', ready: addDays(from, language ? random.int(14, 75) : random.int(0, 30)), entry: null });
  if (digital) wanted.push({ learner, kind: 'DIGITAL_SKILLS', ready: addDays(from, language ? random.int(30, 180) : random.int(15, 120)), entry: null });
  return wanted.filter((r, i) => r.ready <= AS_OF || (!language && i === 0));
}

interface Placed {
  course: CourseRow;
  enrolment: EnrolmentRow;
}

/**
 * Answers to the integration survey: some learners answer within two weeks of the end of a course
 * they completed, if that day has come. A stream of its own per learner, so the courses and
 * enrolments are those the generator wrote before the survey existed.
 */
function surveys(seed: number, learners: readonly Learner[], courses: readonly CourseRow[], enrolments: readonly EnrolmentRow[]): SurveyRow[] {
  const endOf = new Map(courses.map((c) => [c.id, c.ends_on]));
  const completed = new Map<number, EnrolmentRow[]>();
  for (const e of enrolments) if (e.status === 'COMPLETED') completed.set(e.participant_id, [...(completed.get(e.participant_id) ?? []), e]);
  return learners.flatMap((learner) => {
    const random = streamOf(seed, learner.person.index, 0x53555256);
    return (completed.get(learner.id) ?? []).flatMap((e): SurveyRow[] => {
      if (!random.chance(SURVEY.answers)) return [];
      const answeredOn = addDays(endOf.get(e.course_id)!, random.int(0, SURVEY.withinDays));
      const helped = random.chance(SURVEY.helped);
      return answeredOn <= AS_OF ? [{ participant_id: learner.id, course_id: e.course_id, answered_on: answeredOn, helped_integration: helped }] : [];
    });
  });
}

/** Opens the classes that waiting learners need, site by site and kind by kind, and enrols them. */
function classRoom(random: Random, intakes: readonly string[], lastCourseId: number) {
  const courses: CourseRow[] = [];
  const enrolments: EnrolmentRow[] = [];
  const place = (requests: readonly Request[]): Map<Learner, Placed> => {
    const placed = new Map<Learner, Placed>();
    const groups = new Map<string, Request[]>();
    for (const r of requests) {
      const key = `${String(r.learner.site.id).padStart(6, '0')}|${r.kind}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key)!.push(r);
    }
    for (const key of [...groups.keys()].sort()) {
      const group = groups.get(key)!.sort((a, b) => (a.ready < b.ready ? -1 : a.ready > b.ready ? 1 : a.learner.id - b.learner.id));
      for (const { intake, members } of classesAtIntakes(group, intakes)) {
        const { kind, learner } = members[0];
        const profile = PROFILES[kind];
        const startsOn = addDays(intake, random.int(0, 3));
        const hours = random.pick(profile.hours);
        const course: CourseRow = {
          id: lastCourseId + courses.length + 1,
          site_id: learner.site.id,
          kind,
          action_code: COURSE_ACTION_CODE,
          starts_on: startsOn,
          ends_on: courseEnd(startsOn, hours, random.int(...profile.hoursPerWeek)),
          hours,
          capacity: random.int(Math.max(15, members.length), 25),
          cefr_target: TARGET.get(kind) ?? null,
        };
        courses.push(course);
        for (const m of members) {
          const enrolment: EnrolmentRow = {
            participant_id: m.learner.id,
            course_id: course.id,
            enrolled_on: m.ready,
            entry_level: m.entry,
            ...outcome(m.learner.random, course, m.entry, profile.withdrawal, AS_OF),
          };
          enrolments.push(enrolment);
          placed.set(m.learner, { course, enrolment });
        }
      }
    }
    return placed;
  };
  return { place, courses, enrolments };
}

export async function generate(db: Kysely<CpiaDatabase>, options: GenerateOptions): Promise<GenerateReport> {
  await seedReference(db);
  if (await db.selectFrom('participant').select('id').limit(1).executeTakeFirst()) {
    throw new Error('The cpia database already holds participants: generate into an empty database.');
  }
  const siteRows = await db
    .selectFrom('site as s')
    .innerJoin('institute as i', 'i.id', 's.institute_id')
    .select(['s.id', 's.municipality_code', 'i.province_code', sql<boolean>`s.municipality_code = i.seat_municipality_code`.as('seat')])
    .orderBy('s.id')
    .execute();
  const sitesOfProvince = new Map<string, Site[]>();
  for (const site of siteRows) {
    if (!sitesOfProvince.has(site.province_code)) sitesOfProvince.set(site.province_code, []);
    sitesOfProvince.get(site.province_code)!.push(site);
  }

  const ids = await db
    .selectNoFrom([
      sql<number>`(select coalesce(max(id), 0) from participant)::int`.as('participant'),
      sql<number>`(select coalesce(max(id), 0) from course)::int`.as('course'),
    ])
    .executeTakeFirstOrThrow();

  const learners: Learner[] = [];
  for (const person of syntheticPopulation(options.seed, options.participants)) {
    if (!person.served.cpia) continue;
    const sites = sitesOfProvince.get(municipalityByCode(person.residence)!.provinceCode);
    if (!sites?.length) continue;
    const random = streamOf(options.seed, person.index, 0x43504941);
    learners.push({ id: ids.participant + learners.length + 1, person, random, site: siteNear(random, person.residence, sites), placement: random.weighted(PLACEMENT) });
  }

  const classes = classRoom(streamOf(options.seed, 0, 0x636f7572), intakeDates(SYNTHETIC_FROM, AS_OF), ids.course);
  const clamp = (date: string) => (date > AS_OF ? AS_OF : date);
  // Placement test and enrolment within three weeks of first contact.
  const language = classes.place(
    learners.flatMap((learner): Request[] => {
      const kind = languageCourseFor(learner.random, learner.placement);
      const ready = clamp(addDays(learner.person.firstSeen, learner.random.int(0, 21)));
      return kind ? [{ learner, kind, ready, entry: learner.placement }] : [];
    }),
  );
  classes.place(learners.flatMap((learner) => followUps(learner, language.get(learner)).map((r) => ({ ...r, ready: clamp(r.ready) }))));
  const { courses, enrolments } = classes;
  const answers = surveys(options.seed, learners, courses, enrolments);

  const participants = learners.map(({ id, person }) => participantRow(person, options.linkageKey, id));

  await db.transaction().execute(async (tx) => {
    await insertInChunks<CpiaDatabase>(tx, 'participant', participants, 5000);
    await insertInChunks<CpiaDatabase>(tx, 'course', courses, 5000);
    await insertInChunks<CpiaDatabase>(tx, 'enrolment', enrolments, 5000);
    await insertInChunks<CpiaDatabase>(tx, 'integration_survey', answers, 5000);
    // Ids were given here; later inserts continue after them.
    for (const table of ['participant', 'course']) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), (select coalesce(max(id), 0) + 1 from ${sql.table(table)}), false)`.execute(tx);
    }
  });
  return { participant: participants.length, course: courses.length, enrolment: enrolments.length, integration_survey: answers.length };
}
