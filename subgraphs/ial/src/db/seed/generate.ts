// IAL's part of the synthetic population: the people with a job path (served.ial) get one at the
// office of their province, with orientation, skills assessments, recognition applications,
// traineeships and placements at invented employers of the same province. Deterministic from the
// seed and size; written in chunks so 100,000 people take seconds, not minutes.
import { addDays, createRandom, daysBetween, municipalityByCode, type Random } from '@pleiadi/kit';
import { ageOn, insertInChunks, SYNTHETIC_UNTIL, syntheticPopulation, type GenerateOptions, type SyntheticPerson, type GenerateReport, participantRow } from '@pleiadi/kit/synthetic';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { ContractKind, IalDatabase, OrientationKind, QualificationKind, RecognitionOutcome, TraineeshipOutcome } from '../types.ts';
import { employersOfProvince, HOSTING_WEIGHT, type GeneratedEmployer } from './employers.ts';

/** Rows written per table. */
export type { GenerateReport };

type Row<T extends keyof IalDatabase> = Insertable<IalDatabase[T]> & { id: number };

interface Generated {
  participant: Row<'participant'>[];
  job_path: Row<'job_path'>[];
  orientation_session: Row<'orientation_session'>[];
  skills_assessment: Row<'skills_assessment'>[];
  qualification_recognition: Row<'qualification_recognition'>[];
  employer: Row<'employer'>[];
  traineeship: Row<'traineeship'>[];
  placement: Row<'placement'>[];
  integration_survey: Row<'integration_survey'>[];
}

// Tables in foreign-key order.
const TABLES = ['participant', 'employer', 'job_path', 'orientation_session', 'skills_assessment', 'qualification_recognition', 'traineeship', 'placement', 'integration_survey'] as const;

/**
 * The synthetic population marks some citizenships only as "other third country"; a qualification
 * needs a real issuing country, so one is drawn from countries often seen in the region.
 */
const OTHER_COUNTRIES = ['SO', 'ET', 'ER', 'GM', 'GN', 'ML', 'CI', 'SY', 'AF', 'IR'];

const SESSION_COUNTS: readonly (readonly [number, number])[] = [[1, 25], [2, 30], [3, 22], [4, 13], [5, 7], [6, 3]];
const FOLLOW_UP_KINDS: readonly (readonly [OrientationKind, number])[] = [['INDIVIDUAL_GUIDANCE', 45], ['GROUP_WORKSHOP', 30], ['CV_LAB', 25]];
const MINUTES: Readonly<Record<OrientationKind, readonly number[]>> = {
  INDIVIDUAL_GUIDANCE: [45, 60, 60, 90],
  GROUP_WORKSHOP: [120, 180],
  CV_LAB: [90, 120],
};
const DOCUMENTS = [['EVIDENCE_DOSSIER', 40], ['SKILLS_CARD', 25], ['COMPETENCE_CERTIFICATE', 10], ['EU_SKILLS_PROFILE', 25]] as const;
/** Share of job paths whose person answers the integration survey, and of answers saying it helped. */
const SURVEY = { answers: 0.35, helped: 0.7 };
const QUALIFICATIONS: readonly (readonly [QualificationKind, number])[] = [['SCHOOL_DIPLOMA', 40], ['VOCATIONAL', 22], ['DEGREE', 28], ['PROFESSIONAL_LICENCE', 10]];

/** One random stream per person, so a person's records do not shift when another person's do. */
function personRandom(seed: number, index: number): Random {
  return createRandom((Math.imul(seed ^ 0x1a1e, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}

const latest = (a: string, b: string) => (a > b ? a : b);

export async function generate(db: Kysely<IalDatabase>, options: GenerateOptions): Promise<GenerateReport> {
  const offices = await db.selectFrom('office').select(['id', 'province_code', 'municipality_code']).execute();
  if (!offices.length) throw new Error('IAL offices are missing: migrate and load the reference data before generating.');
  const officeOf = new Map(offices.map((o) => [o.province_code, o.id]));
  if (await hasGeneratedData(db)) throw new Error(`The ${options.store} database already holds people or employers: generate into an empty database.`);

  const people: { person: SyntheticPerson; province: string }[] = [];
  for (const person of syntheticPopulation(options.seed, options.participants)) {
    const province = municipalityByCode(person.residence)?.provinceCode;
    if (person.served.ial && province && officeOf.has(province)) people.push({ person, province });
  }

  const rows: Generated = {
    participant: [], job_path: [], orientation_session: [], skills_assessment: [],
    qualification_recognition: [], employer: [], traineeship: [], placement: [], integration_survey: [],
  };
  const employers = generateEmployers(options.seed, people, offices);
  rows.employer = employers.all.map(({ province: _p, ...employer }) => employer);

  const ids = { session: 0, assessment: 0, recognition: 0, traineeship: 0, placement: 0, survey: 0 };
  people.forEach(({ person, province }, i) => {
    const id = i + 1;
    rows.participant.push(participantRow(person, options.linkageKey, id));
    jobPath(personRandom(options.seed, person.index), person, id, officeOf.get(province)!, employers.byProvince.get(province)!, rows, ids);
  });

  await db.transaction().execute(async (tx) => {
    for (const table of TABLES) await insertInChunks<IalDatabase>(tx, table, rows[table]);
    // Ids were given here; move each identity on so later inserts do not collide.
    for (const table of TABLES) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), max(id)) from ${sql.table(table)}`.execute(tx);
    }
  });
  return Object.fromEntries(TABLES.map((table) => [table, rows[table].length]));
}

/** True when people or employers are already there: generated data is never mixed. */
export async function hasGeneratedData(db: Kysely<IalDatabase>): Promise<boolean> {
  const { rows } = await sql<{ found: boolean }>`select exists (select 1 from participant) or exists (select 1 from employer) as found`.execute(db);
  return rows[0].found;
}

/** About one employer for every nine job paths of a province, never fewer than five. */
function generateEmployers(
  seed: number,
  people: readonly { person: SyntheticPerson; province: string }[],
  offices: readonly { province_code: string; municipality_code: string }[],
) {
  const random = createRandom((Math.imul(seed, 0x27d4eb2d) ^ 0xe3b10) >>> 0);
  const residences = new Map<string, string[]>();
  for (const { person, province } of people) {
    const list = residences.get(province) ?? [];
    list.push(person.residence);
    residences.set(province, list);
  }
  const taken = new Set<string>();
  let nextId = 0;
  const byProvince = new Map<string, Hosts>();
  const all: GeneratedEmployer[] = [];
  for (const { province_code: province, municipality_code: officePlace } of [...offices].sort((a, b) => a.province_code.localeCompare(b.province_code))) {
    const here = residences.get(province) ?? [];
    // Employers sit where the people of the province live, which follows the population; in a
    // province nobody of a small population lives in, around the office.
    const places = here.length ? here : [officePlace];
    const list = employersOfProvince(random, province, Math.max(5, Math.round(here.length / 9)), places, taken, () => ++nextId);
    all.push(...list);
    byProvince.set(province, list.map((employer) => [employer, HOSTING_WEIGHT[employer.size_band]] as const));
  }
  return { all, byProvince };
}

type Ids = { session: number; assessment: number; recognition: number; traineeship: number; placement: number; survey: number };
type Hosts = readonly (readonly [GeneratedEmployer, number])[];

/** One person's path, step by step; `last` is the date of the latest step so far. */
interface Path {
  random: Random;
  person: SyntheticPerson;
  id: number;
  startedOn: string;
  last: string;
  rows: Generated;
  ids: Ids;
}

function jobPath(random: Random, person: SyntheticPerson, participantId: number, officeId: string, hosts: Hosts, rows: Generated, ids: Ids): void {
  const startedOn = minDate(addDays(person.firstSeen, random.int(0, 21)));
  const path: Path = { random, person, id: participantId, startedOn, last: startedOn, rows, ids };
  if (random.chance(0.88)) orientation(path);
  if (random.chance(0.42)) skillsAssessment(path);
  if (random.chance(0.13)) recognitionApplication(path);
  const traineeship = random.chance(0.22) ? traineeshipOf(path, hosts) : undefined;
  const ongoing = traineeship?.outcome === 'ONGOING';
  if (traineeship?.outcome === 'HIRED') {
    placement(path, traineeship.employer, minDate(addDays(traineeship.endsOn, random.int(1, 15))), false);
  } else if (!ongoing && random.chance(0.12)) {
    // Some find work on their own or through an agency, after any traineeship is over.
    const startsOn = latest(addDays(startedOn, random.int(30, 240)), traineeship ? addDays(traineeship.endsOn, 1) : startedOn);
    if (startsOn <= SYNTHETIC_UNTIL) placement(path, random.weighted(hosts), startsOn, true);
  }
  // Paths close a while after their last step, unless a traineeship is still running.
  let closedOn: string | null = null;
  if (!ongoing && daysBetween(path.last, SYNTHETIC_UNTIL) >= 30 && random.chance(0.75)) closedOn = addDays(path.last, random.int(1, 30));
  rows.job_path.push({ id: path.id, participant_id: participantId, office_id: officeId, started_on: startedOn, closed_on: closedOn, status: closedOn ? 'CLOSED' : 'OPEN' });
  survey(path, closedOn ?? SYNTHETIC_UNTIL);
}

/**
 * Some people answer the integration survey, after the path's latest step and by its close. Drawn
 * last from the person's stream, so the rest of the path is what it was before the survey existed.
 */
function survey(path: Path, end: string): void {
  const { random } = path;
  if (!random.chance(SURVEY.answers)) return;
  const answeredOn = addDays(path.last, random.int(0, daysBetween(path.last, end)));
  path.rows.integration_survey.push({ id: ++path.ids.survey, job_path_id: path.id, answered_on: answeredOn, helped_integration: random.chance(SURVEY.helped) });
}

function step(path: Path, date: string): void {
  path.last = latest(path.last, date);
}

/** A few sessions a week or a month apart; the first is individual guidance for nearly everyone. */
function orientation(path: Path): void {
  const { random } = path;
  let day = addDays(path.startedOn, random.int(0, 10));
  const sessions = random.weighted(SESSION_COUNTS);
  for (let n = 0; n < sessions && day <= SYNTHETIC_UNTIL; n++) {
    const kind: OrientationKind = n === 0 && random.chance(0.92) ? 'INDIVIDUAL_GUIDANCE' : random.weighted(FOLLOW_UP_KINDS);
    path.rows.orientation_session.push({ id: ++path.ids.session, job_path_id: path.id, held_on: day, minutes: random.pick(MINUTES[kind]), kind });
    step(path, day);
    day = addDays(day, random.int(7, 35));
  }
}

function skillsAssessment(path: Path): void {
  const completedOn = addDays(path.startedOn, path.random.int(14, 100));
  if (completedOn > SYNTHETIC_UNTIL) return;
  path.rows.skills_assessment.push({ id: ++path.ids.assessment, job_path_id: path.id, completed_on: completedOn, outcome_document: path.random.weighted(DOCUMENTS) });
  step(path, completedOn);
}

function recognitionApplication(path: Path): void {
  const { random, person } = path;
  const submittedOn = addDays(path.startedOn, random.int(7, 120));
  if (submittedOn > SYNTHETIC_UNTIL) return;
  path.rows.qualification_recognition.push({
    id: ++path.ids.recognition,
    job_path_id: path.id,
    country: /^[A-Z]{2}$/.test(person.citizenship) ? person.citizenship : random.pick(OTHER_COUNTRIES),
    qualification_kind: random.weighted(QUALIFICATIONS),
    submitted_on: submittedOn,
    outcome: recognitionOutcome(random, daysBetween(submittedOn, SYNTHETIC_UNTIL)),
  });
  step(path, submittedOn);
}

/** Two to six months at an employer of the province; its outcome is known once it is over. */
function traineeshipOf(path: Path, hosts: Hosts) {
  const { random } = path;
  const startsOn = addDays(path.startedOn, random.int(21, 120));
  if (startsOn > SYNTHETIC_UNTIL) return undefined;
  const employer = random.weighted(hosts);
  const planned = addDays(startsOn, random.pick([2, 3, 3, 4, 6, 6]) * 30 - 1);
  let outcome: TraineeshipOutcome = 'ONGOING';
  let endsOn = planned;
  if (planned < SYNTHETIC_UNTIL) {
    outcome = random.weighted([['COMPLETED', 45], ['HIRED', 35], ['INTERRUPTED', 20]] as const);
    if (outcome === 'INTERRUPTED') endsOn = addDays(startsOn, random.int(7, daysBetween(startsOn, planned) - 1));
  }
  path.rows.traineeship.push({
    id: ++path.ids.traineeship,
    job_path_id: path.id,
    employer_id: employer.id,
    starts_on: startsOn,
    // The agreement's planned end while the traineeship runs; the actual end once it is over.
    ends_on: endsOn,
    hours_per_week: random.pick([20, 25, 30, 30, 36, 40]),
    outcome,
  });
  step(path, outcome === 'ONGOING' ? startsOn : endsOn);
  return { employer, outcome, endsOn };
}

function placement(path: Path, employer: GeneratedEmployer, startsOn: string, agencyPossible: boolean): void {
  // Apprenticeship contracts are for people under 30.
  const kinds: (readonly [ContractKind, number])[] = [['FIXED_TERM', 45], ['PERMANENT', 25]];
  if (agencyPossible) kinds.push(['AGENCY', 20]);
  if (ageOn(path.person.birthDate, startsOn) < 30) kinds.push(['APPRENTICESHIP', 20]);
  path.rows.placement.push({
    id: ++path.ids.placement,
    job_path_id: path.id,
    employer_id: employer.id,
    contract_kind: path.random.weighted(kinds),
    starts_on: startsOn,
    // The sector is recorded as it was at hiring; an employer's main activity may change later.
    ateco_code: employer.ateco_code,
  });
  step(path, startsOn);
}

function minDate(date: string): string {
  return date > SYNTHETIC_UNTIL ? SYNTHETIC_UNTIL : date;
}

/** Recent applications are still pending; older ones mostly have an answer. */
function recognitionOutcome(random: Random, ageInDays: number): RecognitionOutcome {
  if (ageInDays < 60) return 'PENDING';
  const pending = ageInDays < 150 ? 50 : 15;
  return random.weighted<RecognitionOutcome>([['PENDING', pending], ['RECOGNISED', 45], ['PARTIALLY_RECOGNISED', 25], ['REJECTED', 15]]);
}
