// IAL's import formats besides participants (kit): employers, job paths and what happens on them
// — orientation sessions, skills assessments, qualification recognitions, traineeships,
// placements, integration survey answers. Rows name each other by IAL's own source ids; offices
// and ATECO divisions are reference data, named by their codes.
import {
  booleanColumn, codeColumn, countryColumn, dateColumn, integerColumn, municipalityColumn, optional, simpleTable, sourceIdColumn, textColumn, type Problem,
} from '@pleiadi/kit/import';
import { sql } from 'kysely';
import {
  ASSESSMENT_DOCUMENTS, CONTRACT_KINDS, JOB_PATH_STATUSES, ORIENTATION_KINDS, QUALIFICATION_KINDS, RECOGNITION_OUTCOMES, SIZE_BANDS, TRAINEESHIP_OUTCOMES,
} from '../db/types.ts';

const JOB_PATH = { table: 'job_path', column: 'job_path_id', what: 'job path' };
const EMPLOYER = { table: 'employer', column: 'employer_id', what: 'employer' };
const ATECO = { table: 'ateco_division', key: 'code', what: 'ATECO 2007 division' };
const jobPathColumn = () => sourceIdColumn('The job path, by the source_id of the job paths file.', 'JP-0001');
const employerColumn = () => sourceIdColumn('The employer, by the source_id of the employers file.', 'EMP-0001');
const atecoColumn = (description: string) =>
  codeColumn(Array.from({ length: 99 }, (_, i) => String(i + 1).padStart(2, '0')), { description: `${description} ATECO 2007 division: 2 digits (e.g. 47 retail trade).`, example: '47' });
const ref = (name: string, on: string) => sql`coalesce(${sql.ref(`${on}.source_id`)}, ${name} || ${sql.ref(`${on}.id`)})`;

export const employers = simpleTable({
  name: 'employers',
  title: 'Employers',
  description: 'Employers hosting traineeships and hiring participants.',
  table: 'employer',
  columns: {
    source_id: sourceIdColumn('Your identifier of the employer (e.g. its VAT number).', 'EMP-0001'),
    name: textColumn({ description: 'Company name (one employer per name).', example: 'Officine Rossi S.r.l.', max: 200 }),
    municipality_code: municipalityColumn({ description: 'ISTAT code of the municipality of the workplace.', example: '037006' }),
    ateco_code: atecoColumn('Main activity:'),
    size_band: codeColumn(SIZE_BANDS, { description: 'Size by employees: MICRO < 10, SMALL < 50, MEDIUM < 250, LARGE.', example: 'SMALL' }),
  },
  unique: ['source_id', 'name'],
  lookups: { ateco_code: ATECO },
  exportSql: sql`select ${ref('EMP', 'e')} as source_id, name, municipality_code, ateco_code, size_band from employer e order by id`,
});

export const jobPaths = simpleTable({
  name: 'job_paths',
  title: 'Job paths',
  description: "A participant's path with IAL toward work, at one of IAL's offices: open, or closed on a date.",
  table: 'job_path',
  columns: {
    source_id: sourceIdColumn('Your identifier of the job path.', 'JP-0001'),
    participant_source_id: sourceIdColumn('The participant, by the source_id of the participants file.', 'P-0001'),
    office_id: textColumn({ description: "IAL's office holding the path, by its code: ial- and the province (ial-bo, ial-ra…).", example: 'ial-bo', max: 60 }),
    started_on: dateColumn({ description: 'Start of the path.', example: '2026-01-12', min: '2020-01-01' }),
    closed_on: optional(dateColumn({ description: 'Closing date; only for status CLOSED.', example: '2026-09-30', min: '2020-01-01' })),
    status: codeColumn(JOB_PATH_STATUSES, { description: 'OPEN, or CLOSED (with closed_on).', example: 'OPEN' }),
  },
  references: { participant_source_id: { table: 'participant', column: 'participant_id', what: 'participant' } },
  lookups: { office_id: { table: 'office', key: 'id', what: 'IAL office' } },
  check: (r) => {
    const problems: Problem[] = [];
    if ((r.status === 'CLOSED') !== (r.closed_on !== null)) problems.push({ column: 'closed_on', code: 'INCONSISTENT_ROW', message: 'closed_on is given exactly when the status is CLOSED' });
    else if (r.closed_on && r.closed_on < r.started_on) problems.push({ column: 'closed_on', code: 'INCONSISTENT_ROW', message: 'closed_on is before started_on' });
    return problems;
  },
  exportSql: sql`select ${ref('JP', 'j')} as source_id, ${ref('P', 'p')} as participant_source_id, j.office_id, j.started_on, j.closed_on, j.status
    from job_path j join participant p on p.id = j.participant_id order by j.id`,
});

export const orientationSessions = simpleTable({
  name: 'orientation_sessions',
  title: 'Orientation sessions',
  description: 'Job orientation on a path: individual guidance (AMIF O.2.3.3), group workshops, CV labs.',
  table: 'orientation_session',
  columns: {
    source_id: sourceIdColumn('Your identifier of the session.', 'OS-0001'),
    job_path_source_id: jobPathColumn(),
    held_on: dateColumn({ description: 'Date of the session.', example: '2026-01-20', min: '2020-01-01' }),
    minutes: integerColumn({ description: 'Length in minutes.', example: '60', min: 1, max: 600 }),
    kind: codeColumn(ORIENTATION_KINDS, { description: 'Kind of session.', example: 'INDIVIDUAL_GUIDANCE' }),
  },
  references: { job_path_source_id: JOB_PATH },
  exportSql: sql`select ${ref('OS', 'o')} as source_id, ${ref('JP', 'j')} as job_path_source_id, o.held_on, o.minutes, o.kind
    from orientation_session o join job_path j on j.id = o.job_path_id order by o.id`,
});

export const skillsAssessments = simpleTable({
  name: 'skills_assessments',
  title: 'Skills assessments',
  description: 'Transparency of skills (messa in trasparenza delle competenze): an assessment completed, and the document it gave.',
  table: 'skills_assessment',
  columns: {
    source_id: sourceIdColumn('Your identifier of the assessment.', 'SA-0001'),
    job_path_source_id: jobPathColumn(),
    completed_on: dateColumn({ description: 'Date the assessment was completed.', example: '2026-03-02', min: '2020-01-01' }),
    outcome_document: codeColumn(ASSESSMENT_DOCUMENTS, { description: 'The document issued.', example: 'SKILLS_CARD' }),
  },
  references: { job_path_source_id: JOB_PATH },
  exportSql: sql`select ${ref('SA', 's')} as source_id, ${ref('JP', 'j')} as job_path_source_id, s.completed_on, s.outcome_document
    from skills_assessment s join job_path j on j.id = s.job_path_id order by s.id`,
});

export const recognitions = simpleTable({
  name: 'recognitions',
  title: 'Qualification recognitions',
  description: 'An application for the recognition of a qualification obtained abroad (AMIF R.2.10).',
  table: 'qualification_recognition',
  columns: {
    source_id: sourceIdColumn('Your identifier of the application.', 'QR-0001'),
    job_path_source_id: jobPathColumn(),
    country: countryColumn({ description: 'Country that issued the qualification (ISO 3166-1 alpha-2).', example: 'MA' }),
    qualification_kind: codeColumn(QUALIFICATION_KINDS, { description: 'Kind of qualification.', example: 'VOCATIONAL' }),
    submitted_on: dateColumn({ description: 'Date the application was submitted.', example: '2026-02-15', min: '2020-01-01' }),
    outcome: codeColumn(RECOGNITION_OUTCOMES, { description: 'Where it stands.', example: 'PENDING' }),
  },
  references: { job_path_source_id: JOB_PATH },
  check: (r) => (r.country === 'OTHER' ? [{ column: 'country', code: 'INVALID_COUNTRY', message: 'the issuing country must be named by its ISO code' }] : []),
  exportSql: sql`select ${ref('QR', 'q')} as source_id, ${ref('JP', 'j')} as job_path_source_id, q.country, q.qualification_kind, q.submitted_on, q.outcome
    from qualification_recognition q join job_path j on j.id = q.job_path_id order by q.id`,
});

export const traineeships = simpleTable({
  name: 'traineeships',
  title: 'Traineeships',
  description: 'A traineeship (tirocinio) at an employer on a job path.',
  table: 'traineeship',
  columns: {
    source_id: sourceIdColumn('Your identifier of the traineeship.', 'TR-0001'),
    job_path_source_id: jobPathColumn(),
    employer_source_id: employerColumn(),
    starts_on: dateColumn({ description: 'First day.', example: '2026-04-01', min: '2020-01-01' }),
    ends_on: dateColumn({ description: 'Last day (planned or actual).', example: '2026-09-30', min: '2020-01-01' }),
    hours_per_week: integerColumn({ description: 'Hours a week.', example: '30', min: 1, max: 40 }),
    outcome: codeColumn(TRAINEESHIP_OUTCOMES, { description: 'How it went.', example: 'ONGOING' }),
  },
  references: { job_path_source_id: JOB_PATH, employer_source_id: EMPLOYER },
  check: (r) => (r.ends_on < r.starts_on ? [{ column: 'ends_on', code: 'INCONSISTENT_ROW', message: 'ends_on is before starts_on' }] : []),
  exportSql: sql`select ${ref('TR', 't')} as source_id, ${ref('JP', 'j')} as job_path_source_id, ${ref('EMP', 'e')} as employer_source_id, t.starts_on, t.ends_on, t.hours_per_week, t.outcome
    from traineeship t join job_path j on j.id = t.job_path_id join employer e on e.id = t.employer_id order by t.id`,
});

export const placements = simpleTable({
  name: 'placements',
  title: 'Placements',
  description: 'A job found on a path: the employer, the contract, the sector of the job.',
  table: 'placement',
  columns: {
    source_id: sourceIdColumn('Your identifier of the placement.', 'PL-0001'),
    job_path_source_id: jobPathColumn(),
    employer_source_id: employerColumn(),
    contract_kind: codeColumn(CONTRACT_KINDS, { description: 'Kind of contract.', example: 'FIXED_TERM' }),
    starts_on: dateColumn({ description: 'First day of work.', example: '2026-10-01', min: '2020-01-01' }),
    ateco_code: atecoColumn('Sector of the job:'),
  },
  references: { job_path_source_id: JOB_PATH, employer_source_id: EMPLOYER },
  lookups: { ateco_code: ATECO },
  exportSql: sql`select ${ref('PL', 'x')} as source_id, ${ref('JP', 'j')} as job_path_source_id, ${ref('EMP', 'e')} as employer_source_id, x.contract_kind, x.starts_on, x.ateco_code
    from placement x join job_path j on j.id = x.job_path_id join employer e on e.id = x.employer_id order by x.id`,
});

export const integrationSurveys = simpleTable({
  name: 'integration_surveys',
  title: 'Integration survey answers',
  description: 'A participant\'s answer, on their job path, to "did it help your integration?" (AMIF R.2.9).',
  table: 'integration_survey',
  columns: {
    source_id: sourceIdColumn('Your identifier of the answer.', 'IS-0001'),
    job_path_source_id: jobPathColumn(),
    answered_on: dateColumn({ description: 'Date of the answer.', example: '2026-06-30', min: '2020-01-01' }),
    helped_integration: booleanColumn({ description: 'The answer: the path helped their integration.', example: 'true' }),
  },
  references: { job_path_source_id: JOB_PATH },
  exportSql: sql`select ${ref('IS', 'i')} as source_id, ${ref('JP', 'j')} as job_path_source_id, i.answered_on, i.helped_integration
    from integration_survey i join job_path j on j.id = i.job_path_id order by i.id`,
});
