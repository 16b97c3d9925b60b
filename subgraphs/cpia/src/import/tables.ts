// The CPIA network's import formats besides participants (kit): courses, enrolments with their
// CEFR entry and exit levels, and the integration survey. Rows name each other by the network's
// own source ids; sites (reference data of every deployment) by their municipality.
import {
  booleanColumn, codeColumn, dateColumn, decimalColumn, defineImportTable, exportRows, idsBySourceId, integerColumn, loadWithReferences,
  municipalityColumn, optional, sourceIdColumn, unknownReference, upsertBySourceId, type AnyDatabase, type Problem,
} from '@pleiadi/kit/import';
import { sql } from 'kysely';
import { CEFR_LEVELS, COURSE_KINDS, ENROLMENT_STATUSES } from '../db/types.ts';

const inOrder = (from: string, to: string, column: string): Problem[] =>
  from <= to ? [] : [{ column, code: 'INCONSISTENT_ROW', message: `${column} is before the start` }];

async function siteIdsByMunicipality(tx: AnyDatabase): Promise<Map<string, number>> {
  const sites = await tx.selectFrom('site').select(['id', 'municipality_code']).execute();
  return new Map(sites.map((s: { id: number; municipality_code: string }) => [s.municipality_code, s.id]));
}

export const courses = defineImportTable({
  name: 'courses',
  title: 'Courses',
  description: 'Courses the network runs: Italian L2 by CEFR level, civic orientation, digital skills. A course is held at a CPIA site, named by the municipality it is in.',
  columns: {
    source_id: sourceIdColumn('Your identifier of the course (e.g. the class code).', 'C-2026-BO-014'),
    site_municipality: municipalityColumn({ description: 'ISTAT code of the municipality of the CPIA site holding the course (a site of the network).', example: '037006' }),
    kind: codeColumn(COURSE_KINDS, { description: 'Kind of course; the Italian L2 kinds carry the CEFR level they aim at.', example: 'ITALIAN_L2_A2' }),
    starts_on: dateColumn({ description: 'First lesson.', example: '2026-02-02', min: '2020-01-01' }),
    ends_on: dateColumn({ description: 'Last lesson (not before the first).', example: '2026-05-29', min: '2020-01-01' }),
    hours: decimalColumn({ description: 'Hours of teaching planned.', example: '100', min: 0.5, max: 2000 }),
    capacity: integerColumn({ description: 'Places in the class.', example: '22', min: 1, max: 500 }),
  },
  unique: ['source_id'],
  check: (row) => inOrder(row.starts_on, row.ends_on, 'ends_on'),
  load: async (tx, rows) => {
    const sites = await siteIdsByMunicipality(tx);
    // The CEFR target and action of each kind of course: reference data of the database.
    const kindRows = await tx.selectFrom('course_kind').select(['code', 'cefr_target', 'action_code']).execute();
    const kinds = new Map(kindRows.map((k: { code: string; cefr_target: string | null; action_code: string }) => [k.code, k]));
    return loadWithReferences(
      rows,
      (r) => {
        const siteId = sites.get(r.site_municipality);
        if (!siteId) return [{ column: 'site_municipality', code: 'UNKNOWN_REFERENCE', message: 'the network has no site in this municipality' }];
        return { source_id: r.source_id, site_id: siteId, kind: r.kind, action_code: kinds.get(r.kind)!.action_code, starts_on: r.starts_on, ends_on: r.ends_on, hours: r.hours, capacity: r.capacity, cefr_target: kinds.get(r.kind)!.cefr_target };
      },
      (ready) => upsertBySourceId(tx, 'course', ready, ['site_id', 'kind', 'action_code', 'starts_on', 'ends_on', 'hours', 'capacity', 'cefr_target']),
    );
  },
  export: (db) =>
    exportRows(db, sql`select coalesce(c.source_id, 'C' || c.id) as source_id, s.municipality_code as site_municipality, c.kind, c.starts_on, c.ends_on, c.hours, c.capacity
      from course c join site s on s.id = c.site_id order by c.id`),
});

export const enrolments = defineImportTable({
  name: 'enrolments',
  title: 'Enrolments',
  description: "A participant's enrolment in a course, with the CEFR level of the placement test on entry and, once the course is completed, the level assessed on exit (they feed AMIF R.2.8).",
  columns: {
    source_id: sourceIdColumn('Your identifier of the enrolment.', 'E-000123'),
    participant_source_id: sourceIdColumn('The participant, by the source_id of the participants file.', 'P-0001'),
    course_source_id: sourceIdColumn('The course, by the source_id of the courses file.', 'C-2026-BO-014'),
    enrolled_on: dateColumn({ description: 'Date of enrolment.', example: '2026-01-20', min: '2020-01-01' }),
    entry_level: optional(codeColumn(CEFR_LEVELS, { description: 'CEFR level of the placement test (empty for courses without one).', example: 'A1' })),
    exit_level: optional(codeColumn(CEFR_LEVELS, { description: 'CEFR level assessed on completing the course; only with status COMPLETED.', example: 'A2' })),
    hours_attended: optional(decimalColumn({ description: 'Hours attended so far (empty: 0).', example: '86.5', min: 0, max: 2000 })),
    status: codeColumn(ENROLMENT_STATUSES, { description: 'Where the enrolment stands.', example: 'COMPLETED' }),
    certificate_issued: optional(booleanColumn({ description: 'A certificate was issued (only with status COMPLETED; empty: no).', example: 'true' })),
  },
  unique: ['source_id'],
  after: ['participants', 'courses'],
  check: (row) => [
    ...(row.exit_level && row.status !== 'COMPLETED' ? [{ column: 'exit_level', code: 'INCONSISTENT_ROW' as const, message: 'an exit level is assessed only on completing the course (status COMPLETED)' }] : []),
    ...(row.certificate_issued && row.status !== 'COMPLETED' ? [{ column: 'certificate_issued', code: 'INCONSISTENT_ROW' as const, message: 'a certificate is issued only on completing the course (status COMPLETED)' }] : []),
  ],
  load: async (tx, rows) => {
    const [people, courseIds] = await Promise.all([
      idsBySourceId(tx, 'participant', rows.map((r) => r.values.participant_source_id)),
      idsBySourceId(tx, 'course', rows.map((r) => r.values.course_source_id)),
    ]);
    return loadWithReferences(
      rows,
      (r) => {
        const participantId = people.get(r.participant_source_id);
        const courseId = courseIds.get(r.course_source_id);
        const problems = [...(participantId ? [] : [unknownReference('participant_source_id', 'participant')]), ...(courseId ? [] : [unknownReference('course_source_id', 'course')])];
        if (problems.length) return problems;
        return {
          source_id: r.source_id, participant_id: participantId, course_id: courseId, enrolled_on: r.enrolled_on, entry_level: r.entry_level, exit_level: r.exit_level,
          hours_attended: r.hours_attended ?? 0, status: r.status, certificate_issued: r.certificate_issued ?? false,
        };
      },
      (ready) => upsertBySourceId(tx, 'enrolment', ready, ['participant_id', 'course_id', 'enrolled_on', 'entry_level', 'exit_level', 'hours_attended', 'status', 'certificate_issued']),
    );
  },
  export: (db) =>
    exportRows(db, sql`select coalesce(e.source_id, 'E' || e.participant_id || '-' || e.course_id) as source_id, coalesce(p.source_id, 'P' || p.id) as participant_source_id,
      coalesce(c.source_id, 'C' || c.id) as course_source_id, e.enrolled_on, e.entry_level, e.exit_level, e.hours_attended, e.status, e.certificate_issued
      from enrolment e join participant p on p.id = e.participant_id join course c on c.id = e.course_id order by e.participant_id, e.course_id`),
});

export const integrationSurveys = defineImportTable({
  name: 'integration_surveys',
  title: 'Integration survey answers',
  description: 'A learner\'s answer, after a course, to "did the course help your integration?" (AMIF R.2.9). One answer per person and course.',
  columns: {
    source_id: sourceIdColumn('Your identifier of the answer.', 'S-0042'),
    participant_source_id: sourceIdColumn('The participant, by the source_id of the participants file.', 'P-0001'),
    course_source_id: sourceIdColumn('The course, by the source_id of the courses file.', 'C-2026-BO-014'),
    answered_on: dateColumn({ description: 'Date of the answer.', example: '2026-06-05', min: '2020-01-01' }),
    helped_integration: booleanColumn({ description: 'The answer: the course helped their integration.', example: 'true' }),
  },
  unique: ['source_id'],
  after: ['participants', 'courses'],
  load: async (tx, rows) => {
    const [people, courseIds] = await Promise.all([
      idsBySourceId(tx, 'participant', rows.map((r) => r.values.participant_source_id)),
      idsBySourceId(tx, 'course', rows.map((r) => r.values.course_source_id)),
    ]);
    return loadWithReferences(
      rows,
      (r) => {
        const participantId = people.get(r.participant_source_id);
        const courseId = courseIds.get(r.course_source_id);
        const problems = [...(participantId ? [] : [unknownReference('participant_source_id', 'participant')]), ...(courseId ? [] : [unknownReference('course_source_id', 'course')])];
        return problems.length ? problems : { source_id: r.source_id, participant_id: participantId, course_id: courseId, answered_on: r.answered_on, helped_integration: r.helped_integration };
      },
      (ready) => upsertBySourceId(tx, 'integration_survey', ready, ['participant_id', 'course_id', 'answered_on', 'helped_integration']),
    );
  },
  export: (db) =>
    exportRows(db, sql`select coalesce(i.source_id, 'S' || i.id) as source_id, coalesce(p.source_id, 'P' || p.id) as participant_source_id,
      coalesce(c.source_id, 'C' || c.id) as course_source_id, i.answered_on, i.helped_integration
      from integration_survey i join participant p on p.id = i.participant_id join course c on c.id = i.course_id order by i.id`),
});
