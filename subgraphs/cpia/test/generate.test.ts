// The data generator: deterministic from the seed, correct pseudonyms, and plausible records.
import { addDays, municipalityByCode, prepareSubgraphDatabase, pseudonymOf } from '@pleiadi/kit';
import { SYNTHETIC_FROM, SYNTHETIC_UNTIL, syntheticPopulation } from '@pleiadi/kit/synthetic';
import { createTestDatabase, type TestDatabase } from '@pleiadi/kit/testing';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CEFR_LEVELS } from '../src/db/types.ts';
import { definition, generate, type CpiaDatabase } from '../src/index.ts';

const KEY = 'test-linkage-key-for-synthetic-people-0123456789';
const OPTIONS = { seed: 11, participants: 1500, linkageKey: KEY, store: 'cpia' };

let first: TestDatabase<CpiaDatabase>;
let second: TestDatabase<CpiaDatabase>;
let report: Record<string, number>;

async function fresh(label: string) {
  const database = await createTestDatabase<CpiaDatabase>(label);
  await prepareSubgraphDatabase(definition, database.db, { demo: false });
  return database;
}

beforeAll(async () => {
  first = await fresh('cpia_gen_a');
  second = await fresh('cpia_gen_b');
  report = await generate(first.db, OPTIONS);
});
afterAll(async () => {
  await first?.drop();
  await second?.drop();
});

const snapshot = async (db: Kysely<CpiaDatabase>) => ({
  participants: await db.selectFrom('participant').selectAll().orderBy('id').execute(),
  courses: await db.selectFrom('course').selectAll().orderBy('id').execute(),
  enrolments: await db.selectFrom('enrolment').selectAll().orderBy('participant_id').orderBy('course_id').execute(),
  surveys: await db.selectFrom('integration_survey').selectAll().orderBy('id').execute(),
});

describe('generate', () => {
  it('reports the rows it wrote', async () => {
    const rows = await snapshot(first.db);
    expect(report).toEqual({ participant: rows.participants.length, course: rows.courses.length, enrolment: rows.enrolments.length, integration_survey: rows.surveys.length });
    expect(report.participant).toBeGreaterThan(500);
  });

  it('writes the same rows for the same seed, other rows for another seed', async () => {
    await generate(second.db, OPTIONS);
    expect(await snapshot(second.db)).toEqual(await snapshot(first.db));

    const other = await fresh('cpia_gen_c');
    try {
      await generate(other.db, { ...OPTIONS, seed: 12 });
      const a = await snapshot(first.db);
      const b = await snapshot(other.db);
      expect(b.participants.map((p) => p.fiscal_code)).not.toEqual(a.participants.map((p) => p.fiscal_code));
    } finally {
      await other.drop();
    }
  });

  it('refuses to write into a database that already holds participants', async () => {
    await expect(generate(first.db, OPTIONS)).rejects.toThrow(/already holds participants/);
  });

  it('keeps exactly the people the network serves, pseudonymised with the linkage key', async () => {
    const served = [...syntheticPopulation(OPTIONS.seed, OPTIONS.participants)].filter((p) => p.served.cpia);
    const participants = await first.db.selectFrom('participant').selectAll().orderBy('id').execute();
    expect(participants.map((p) => p.fiscal_code)).toEqual(served.map((p) => p.fiscalCode));
    for (const [i, p] of participants.entries()) {
      expect(p.pseudonym).toBe(pseudonymOf(p.fiscal_code, KEY));
      expect(p).toMatchObject({ first_name: served[i].firstName, last_name: served[i].lastName, birth_date: served[i].birthDate, residence_municipality: served[i].residence });
    }
  });

  it('continues the id sequences after the ids it gave', async () => {
    const site = await first.db.selectFrom('site').select('id').executeTakeFirstOrThrow();
    const max = await first.db.selectFrom('course').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    const { id } = await first.db
      .insertInto('course')
      .values({ site_id: site.id, kind: 'DIGITAL_SKILLS', action_code: 'AZ02', starts_on: '2026-11-02', ends_on: '2026-12-18', hours: 20, capacity: 20, cefr_target: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(id).toBe(Number(max.id) + 1);
    await first.db.deleteFrom('course').where('id', '=', id).execute();
  });
});

describe('generated records', () => {
  let rows: Awaited<ReturnType<typeof snapshot>>;
  let siteProvince: Map<number, string>;
  beforeAll(async () => {
    rows = await snapshot(first.db);
    const sites = await first.db.selectFrom('site as s').innerJoin('institute as i', 'i.id', 's.institute_id').select(['s.id', 'i.province_code']).execute();
    siteProvince = new Map(sites.map((s) => [s.id, s.province_code]));
  });
  const rank = (level: string | null) => CEFR_LEVELS.indexOf(level as never);

  it('enrol each learner in 1 to 3 courses at sites of their own province, a language course first', () => {
    const courses = new Map(rows.courses.map((c) => [c.id, c]));
    const byParticipant = new Map<number, typeof rows.enrolments>();
    for (const e of rows.enrolments) byParticipant.set(e.participant_id, [...(byParticipant.get(e.participant_id) ?? []), e]);
    expect(byParticipant.size).toBe(rows.participants.length);
    for (const p of rows.participants) {
      const own = byParticipant.get(p.id)!;
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(own.length).toBeLessThanOrEqual(3);
      for (const e of own) expect(siteProvince.get(courses.get(e.course_id)!.site_id)).toBe(municipalityByCode(p.residence_municipality)!.provinceCode);
      const kinds = own.map((e) => courses.get(e.course_id)!).sort((a, b) => a.starts_on.localeCompare(b.starts_on)).map((c) => c.kind);
      const language = kinds.filter((k) => k.startsWith('ITALIAN_L2_'));
      expect(language.length).toBeLessThanOrEqual(1);
      if (language.length) expect(kinds[0]).toMatch(/^ITALIAN_L2_/);
    }
  });

  it('size courses by demand and date enrolments within the data window, before the course starts', () => {
    const enrolled = new Map<number, number>();
    for (const e of rows.enrolments) enrolled.set(e.course_id, (enrolled.get(e.course_id) ?? 0) + 1);
    const courses = new Map(rows.courses.map((c) => [c.id, c]));
    for (const c of rows.courses) {
      expect(c.capacity).toBeGreaterThanOrEqual(Math.max(15, enrolled.get(c.id) ?? 0));
      expect(c.capacity).toBeLessThanOrEqual(25);
      expect(c.action_code).toBe('AZ02');
    }
    for (const e of rows.enrolments) {
      expect(e.enrolled_on >= SYNTHETIC_FROM && e.enrolled_on <= SYNTHETIC_UNTIL).toBe(true);
      expect(e.enrolled_on <= courses.get(e.course_id)!.starts_on).toBe(true);
    }
  });

  it('give plausible levels and statuses', () => {
    const courses = new Map(rows.courses.map((c) => [c.id, c]));
    const statuses = new Set<string>();
    let improved = 0;
    let same = 0;
    for (const e of rows.enrolments) {
      const course = courses.get(e.course_id)!;
      statuses.add(e.status);
      expect(Number(e.hours_attended)).toBeLessThanOrEqual(Number(course.hours));
      if (!course.cefr_target) {
        expect(e.entry_level).toBeNull();
        expect(e.exit_level).toBeNull();
      } else {
        expect(rank(e.entry_level)).toBeGreaterThanOrEqual(0);
        expect(rank(e.entry_level)).toBeLessThanOrEqual(rank(course.cefr_target));
        if (e.status === 'COMPLETED') {
          expect(rank(e.exit_level)).toBeGreaterThanOrEqual(rank(e.entry_level));
          if (rank(e.exit_level) > rank(e.entry_level)) improved++;
          else same++;
        } else {
          expect(e.exit_level).toBeNull();
        }
      }
      if (e.status === 'ENROLLED') expect(Number(e.hours_attended)).toBe(0);
      if (e.status === 'ENROLLED') expect(course.starts_on > SYNTHETIC_UNTIL).toBe(true);
      if (e.status === 'ATTENDING') expect(course.starts_on <= SYNTHETIC_UNTIL && course.ends_on > SYNTHETIC_UNTIL).toBe(true);
      if (e.status === 'COMPLETED') expect(course.ends_on <= SYNTHETIC_UNTIL).toBe(true);
      if (e.certificate_issued) expect(e.status).toBe('COMPLETED');
    }
    expect(statuses).toEqual(new Set(['ENROLLED', 'ATTENDING', 'COMPLETED', 'WITHDRAWN']));
    expect(improved).toBeGreaterThan(same);
    expect(same).toBeGreaterThan(0);
    expect(rows.enrolments.some((e) => e.status === 'COMPLETED' && !e.certificate_issued)).toBe(true);
  });

  it('have some learners answer the integration survey within two weeks of a course they completed, most saying it helped', () => {
    const courses = new Map(rows.courses.map((c) => [c.id, c]));
    const enrolments = new Map(rows.enrolments.map((e) => [`${e.participant_id}|${e.course_id}`, e]));
    const completed = rows.enrolments.filter((e) => e.status === 'COMPLETED' && courses.get(e.course_id)!.ends_on <= addDays(SYNTHETIC_UNTIL, -14));
    for (const s of rows.surveys) {
      expect(enrolments.get(`${s.participant_id}|${s.course_id}`)?.status).toBe('COMPLETED');
      const end = courses.get(s.course_id)!.ends_on;
      expect(s.answered_on >= end && s.answered_on <= addDays(end, 14) && s.answered_on <= SYNTHETIC_UNTIL).toBe(true);
    }
    const answered = rows.surveys.filter((s) => courses.get(s.course_id)!.ends_on <= addDays(SYNTHETIC_UNTIL, -14)).length / completed.length;
    expect(answered).toBeGreaterThan(0.3);
    expect(answered).toBeLessThan(0.5);
    const helped = rows.surveys.filter((s) => s.helped_integration).length / rows.surveys.length;
    expect(helped).toBeGreaterThan(0.65);
    expect(helped).toBeLessThan(0.85);
  });
});
