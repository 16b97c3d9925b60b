// Generated data for one ambit's store: of the synthetic population, the people the ambit's
// consortium serves (served.ats and living in the ambit) get a case at a service point near
// where they live, one to eight services; some attend community activities and some answer the
// integration survey. Deterministic from the seed; written in large chunks, so 100,000
// participants take seconds, not minutes.
import { addDays, AMBIT_CODES, createRandom, daysBetween, defaultAmbitOf, emiliaRomagnaMunicipalities, type ParticipantRow, type Random } from '@pleiadi/kit';
import { ageOn, insertInChunks, syntheticPopulation, SYNTHETIC_UNTIL, type GenerateOptions, type SyntheticPerson, type GenerateReport, participantRow } from '@pleiadi/kit/synthetic';
import { sql, type Kysely } from 'kysely';
import { ambitOfStore } from '../stores.ts';
import type { AtsDatabase, ReferralSource, ServiceKind, WithId } from '../types.ts';
import { languageOf } from './languages.ts';
import { buildActivities, buildAssociations, buildServicePoints, CAPITALS, randomFor, type ActivityRow, type PointRow } from './organisations.ts';

/** Rows written per table. */
export type { GenerateReport };

const ADULT_REFERRALS: [ReferralSource, number][] = [
  ['SELF', 28], ['MUNICIPALITY_SOCIAL_SERVICES', 18], ['CPIA', 14], ['PREFECTURE', 8], ['HEALTH_SERVICES', 7], ['ASSOCIATION', 12], ['OUTREACH', 13],
];
// CPIA learners are sent by their school twice as often.
const CPIA_LEARNER_REFERRALS = ADULT_REFERRALS.map(([source, weight]): [ReferralSource, number] => [source, source === 'CPIA' ? weight * 2 : weight]);
const MINOR_REFERRALS: [ReferralSource, number][] = [
  ['SELF', 20], ['MUNICIPALITY_SOCIAL_SERVICES', 35], ['ASSOCIATION', 20], ['HEALTH_SERVICES', 15], ['OUTREACH', 10],
];
const SERVICE_COUNTS: [number, number][] = [[1, 20], [2, 20], [3, 17], [4, 13], [5, 10], [6, 8], [7, 6], [8, 6]];
const ADULT_SERVICE_WEIGHTS: Record<ServiceKind, number> = {
  ORIENTATION: 35, INTERCULTURAL_MEDIATION: 20, LEGAL_INFORMATION: 15, MOBILE_UNIT_OUTREACH: 15, CIVIC_ORIENTATION: 15, MINORS_EDUCATIONAL_ACTIVITY: 0,
};
/** Minutes: shortest, longest (in steps of 15). */
const DURATIONS: Record<ServiceKind, [number, number]> = {
  ORIENTATION: [30, 90], INTERCULTURAL_MEDIATION: [30, 120], LEGAL_INFORMATION: [30, 60],
  MOBILE_UNIT_OUTREACH: [15, 45], MINORS_EDUCATIONAL_ACTIVITY: [60, 180], CIVIC_ORIENTATION: [120, 240],
};
const MEDIATORS_PER_PROVINCE = 12;
/** Share of cases whose person answers the integration survey, and of answers saying it helped. */
const SURVEY_ANSWERED = 0.3;
const SURVEY_HELPED = 0.7;

interface Places {
  pointsIn: Map<string, PointRow[]>;
  pointsOfProvince: Map<string, PointRow[]>;
  capitalPoints: Map<string, PointRow[]>;
  activitiesOfProvince: Map<string, ActivityRow[]>;
  provinceOf: Map<string, string>;
}

export async function generate(db: Kysely<AtsDatabase>, options: GenerateOptions): Promise<GenerateReport> {
  const ambit = ambitOfStore(options.store);
  const ambitIndex = AMBIT_CODES.indexOf(ambit);
  const municipalities = emiliaRomagnaMunicipalities().filter((m) => defaultAmbitOf(m) === ambit);
  const people: SyntheticPerson[] = [];
  for (const person of syntheticPopulation(options.seed, options.participants)) {
    if (person.served.ats && person.ambit === ambit) people.push(person);
  }

  const points = buildServicePoints(randomFor(options.seed, ambitIndex, 1), municipalities);
  const associations = buildAssociations(randomFor(options.seed, ambitIndex, 2), municipalities);
  const activityCount = Math.max(24, Math.round(people.length / 40));
  const activities = buildActivities(randomFor(options.seed, ambitIndex, 3), activityCount, municipalities, people.map((p) => p.residence), associations);
  const places = indexPlaces(points, activities, municipalities);

  const participants: ParticipantRow[] = [];
  const cases: WithId<AtsDatabase['case_taking']>[] = [];
  const services: WithId<AtsDatabase['service_delivery']>[] = [];
  const attendance: AtsDatabase['activity_attendance'][] = [];
  const surveys: WithId<AtsDatabase['integration_survey']>[] = [];
  for (const person of people) {
    const random = createRandom((Math.imul(options.seed ^ 0x41545321, 0x2c1b3c6d) + Math.imul(person.index, 0x297a2d39)) >>> 0);
    const participantId = participants.length + 1;
    participants.push(participantRow(person, options.linkageKey, participantId));
    const caseId = cases.length + 1;
    const taken = takeInCharge(random, person, places);
    cases.push({ id: caseId, participant_id: participantId, ...taken.case });
    for (const service of deliver(random, person, taken, places)) services.push({ id: services.length + 1, case_id: caseId, ...service });
    for (const activityId of attend(random, taken.minor, taken.case.opened_on, places.activitiesOfProvince.get(places.provinceOf.get(person.residence)!) ?? [])) {
      attendance.push({ activity_id: activityId, participant_id: participantId });
    }
    // Drawn last, so the rows above are what they were before the survey existed.
    const answer = answerSurvey(random, taken);
    if (answer) surveys.push({ id: surveys.length + 1, case_id: caseId, ...answer });
  }

  const strip = <T extends { province: string }>(rows: T[]) => rows.map(({ province: _p, ...row }) => row);
  await db.transaction().execute(async (tx) => {
    const existing = await tx.selectFrom('service_point').select('id').limit(1).executeTakeFirst();
    if (existing) throw new Error(`Store ${options.store} already holds data: generate into an empty database.`);
    await insertInChunks<AtsDatabase>(tx, 'service_point', strip(points));
    await insertInChunks<AtsDatabase>(tx, 'migrant_association', strip(associations));
    await insertInChunks<AtsDatabase>(tx, 'community_activity', strip(activities));
    await insertInChunks<AtsDatabase>(tx, 'participant', participants, 5000);
    await insertInChunks<AtsDatabase>(tx, 'case_taking', cases, 5000);
    await insertInChunks<AtsDatabase>(tx, 'service_delivery', services, 5000);
    await insertInChunks<AtsDatabase>(tx, 'activity_attendance', attendance, 5000);
    await insertInChunks<AtsDatabase>(tx, 'integration_survey', surveys, 5000);
    // Ids were given explicitly: move each sequence past them for rows added later.
    for (const table of ['service_point', 'migrant_association', 'community_activity', 'participant', 'case_taking', 'service_delivery', 'integration_survey'] as const) {
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(table)}`.execute(tx);
    }
  });
  return {
    service_point: points.length,
    migrant_association: associations.length,
    community_activity: activities.length,
    participant: participants.length,
    case_taking: cases.length,
    service_delivery: services.length,
    activity_attendance: attendance.length,
    integration_survey: surveys.length,
  };
}

function indexPlaces(points: PointRow[], activities: ActivityRow[], municipalities: { istatCode: string; provinceCode: string }[]): Places {
  const group = <T>(rows: T[], key: (row: T) => string) => {
    const map = new Map<string, T[]>();
    for (const row of rows) {
      const list = map.get(key(row));
      if (list) list.push(row);
      else map.set(key(row), [row]);
    }
    return map;
  };
  return {
    pointsIn: group(points, (p) => p.municipality_code),
    pointsOfProvince: group(points, (p) => p.province),
    capitalPoints: group(points.filter((p) => CAPITALS.has(p.municipality_code)), (p) => p.province),
    activitiesOfProvince: group([...activities].sort((a, b) => (a.held_on < b.held_on ? -1 : a.held_on > b.held_on ? 1 : a.id - b.id)), (a) => a.province),
    provinceOf: new Map(municipalities.map((m) => [m.istatCode, m.provinceCode])),
  };
}

interface Taken {
  case: Omit<AtsDatabase['case_taking'], 'id' | 'participant_id'>;
  point: PointRow;
  minor: boolean;
}

// The case opens where the person is sent: a school desk for children, the mobile unit for
// people met on the street, otherwise a desk in their municipality or, lacking one, in the province.
function takeInCharge(random: Random, person: SyntheticPerson, places: Places): Taken {
  const openedOn = minDate(addDays(person.firstSeen, random.int(0, 10)), SYNTHETIC_UNTIL);
  const minor = ageOn(person.birthDate, openedOn) < 16;
  const referral = random.weighted(minor ? MINOR_REFERRALS : person.served.cpia ? CPIA_LEARNER_REFERRALS : ADULT_REFERRALS);
  const province = places.provinceOf.get(person.residence)!;
  const suits = (p: PointRow) =>
    referral === 'OUTREACH' ? p.kind === 'MOBILE_UNIT_BASE' : minor ? p.kind === 'SCHOOL_DESK' : p.kind !== 'MOBILE_UNIT_BASE' && p.kind !== 'SCHOOL_DESK';
  const local = (places.pointsIn.get(person.residence) ?? []).filter(suits);
  const nearby = random.chance(0.6) ? (places.capitalPoints.get(province) ?? []).filter(suits) : [];
  const candidates = local.length ? local : nearby.length ? nearby : places.pointsOfProvince.get(province)!.filter(suits);
  const point = random.pick(candidates);
  const closes = random.chance(0.55) ? addDays(openedOn, random.int(14, 300)) : null;
  return {
    point,
    minor,
    case: {
      service_point_id: point.id,
      opened_on: openedOn,
      closed_on: closes && closes <= SYNTHETIC_UNTIL ? closes : null,
      referral_source: referral,
    },
  };
}

/** The person's answer to the integration survey, on a day within the case, or null for most. */
function answerSurvey(random: Random, taken: Taken): Omit<AtsDatabase['integration_survey'], 'id' | 'case_id'> | null {
  if (!random.chance(SURVEY_ANSWERED)) return null;
  const from = taken.case.opened_on;
  const until = taken.case.closed_on ?? SYNTHETIC_UNTIL;
  return { answered_on: addDays(from, random.int(0, daysBetween(from, until))), helped_integration: random.chance(SURVEY_HELPED) };
}

function deliver(random: Random, person: SyntheticPerson, taken: Taken, places: Places): Omit<AtsDatabase['service_delivery'], 'id' | 'case_id'>[] {
  const count = random.weighted(SERVICE_COUNTS);
  const from = taken.case.opened_on;
  const until = taken.case.closed_on ?? SYNTHETIC_UNTIL;
  const span = Math.max(0, Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000));
  const days = [from, ...Array.from({ length: count - 1 }, () => addDays(from, random.int(0, span)))].sort();
  const offered = taken.point.service_kinds.map((kind) => [kind, ADULT_SERVICE_WEIGHTS[kind]] as [ServiceKind, number]).filter(([, w]) => w > 0);
  const native = languageOf(person.citizenship);
  const province = places.provinceOf.get(taken.point.municipality_code)!;
  return days.map((day) => {
    const kind: ServiceKind = taken.minor
      ? random.chance(0.8) ? 'MINORS_EDUCATIONAL_ACTIVITY' : random.pick(['INTERCULTURAL_MEDIATION', 'ORIENTATION'] as const)
      : random.weighted(offered);
    const [shortest, longest] = DURATIONS[kind];
    const mediated = kind === 'INTERCULTURAL_MEDIATION' || kind === 'MOBILE_UNIT_OUTREACH';
    return {
      kind,
      delivered_on: day,
      duration_minutes: 15 * random.int(shortest / 15, longest / 15),
      language: mediated ? native : random.chance(taken.minor ? 0.85 : 0.6) ? 'it' : native,
      mediator_code: mediated ? `MED-${province}-${String(random.int(1, MEDIATORS_PER_PROVINCE)).padStart(3, '0')}` : null,
    };
  });
}

/** Ids of the community activities (of the province, in date order) a person attends: none for most, up to three after their case opened. */
function attend(random: Random, minor: boolean, from: string, activities: ActivityRow[]): number[] {
  if (!random.chance(minor ? 0.4 : 0.25)) return [];
  let lo = 0;
  let hi = activities.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (activities[mid].held_on < from) lo = mid + 1;
    else hi = mid;
  }
  if (lo === activities.length) return [];
  const chosen = new Set<number>();
  for (let i = random.int(1, 3); i > 0; i--) chosen.add(activities[random.int(lo, activities.length - 1)].id);
  return [...chosen];
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
