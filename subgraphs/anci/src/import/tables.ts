// ANCI Emilia-Romagna's import formats (Azione 01): the organisations taking part, governance
// tables with their members, meetings and who attended, operator trainings and who attended. They
// feed AMIF O.2.2 (local and regional authorities supported). No personal data: organisations only.
import {
  codeColumn, dateColumn, decimalColumn, integerColumn, municipalityColumn, optional, simpleTable, sourceIdColumn, textColumn, type Problem,
} from '@pleiadi/kit/import';
import { AMBIT_CODES } from '@pleiadi/kit';
import { sql } from 'kysely';
import { GOVERNANCE_LEVELS, MEMBER_ROLES, ORGANISATION_KINDS, TRAINING_MODES } from '../db/types.ts';

const ORGANISATION = { table: 'organisation', column: 'organisation_id', what: 'organisation' };
const ref = (name: string, on: string) => sql`coalesce(${sql.ref(`${on}.source_id`)}, ${name} || ${sql.ref(`${on}.id`)})`;
const organisationColumn = () => sourceIdColumn('The organisation, by the source_id of the organisations file.', 'ORG-037006');
const ambitColumn = (description: string) => optional(codeColumn(AMBIT_CODES, { description, example: 'BOLOGNA' }));

export const organisations = simpleTable({
  name: 'organisations',
  title: 'Organisations',
  description: 'Organisations taking part in tables and trainings: the Region, municipalities and their unions (they count for AMIF O.2.2), and others.',
  table: 'organisation',
  columns: {
    source_id: sourceIdColumn('Your identifier of the organisation.', 'ORG-037006'),
    name: textColumn({ description: 'Name (one organisation per name).', example: 'Comune di Bologna', max: 200 }),
    kind: codeColumn(ORGANISATION_KINDS, { description: 'Kind of organisation; REGION, MUNICIPALITY and UNION_OF_MUNICIPALITIES are local and regional authorities.', example: 'MUNICIPALITY' }),
    municipality_code: optional(municipalityColumn({ description: 'ISTAT code of its municipality (empty for region-wide bodies).', example: '037006' })),
  },
  unique: ['source_id', 'name'],
  exportSql: sql`select ${ref('ORG', 'o')} as source_id, name, kind, municipality_code from organisation o order by id`,
});

export const governanceTables = simpleTable({
  name: 'governance_tables',
  title: 'Governance tables',
  description: 'Coordination tables (tavoli): regional, territorial (an ambit) or municipal.',
  table: 'governance_table',
  columns: {
    source_id: sourceIdColumn('Your identifier of the table.', 'TAV-BO'),
    name: textColumn({ description: 'Name (one table per name).', example: 'Tavolo territoriale di Bologna', max: 200 }),
    level: codeColumn(GOVERNANCE_LEVELS, { description: 'REGIONAL, TERRITORIAL (with ambit_code) or MUNICIPAL (with municipality_code).', example: 'TERRITORIAL' }),
    topic: textColumn({ description: 'What the table coordinates.', example: 'Integration services of the ambit', max: 300 }),
    ambit_code: ambitColumn('The ambit of a territorial table.'),
    municipality_code: optional(municipalityColumn({ description: 'The municipality of a municipal table.', example: '037006' })),
    established_on: dateColumn({ description: 'Date the table was established.', example: '2025-09-15', min: '2020-01-01' }),
  },
  unique: ['source_id', 'name'],
  check: (r) => {
    const problems: Problem[] = [];
    if (r.level === 'TERRITORIAL' && !r.ambit_code) problems.push({ column: 'ambit_code', code: 'INCONSISTENT_ROW', message: 'a territorial table names its ambit' });
    if (r.level === 'MUNICIPAL' && !r.municipality_code) problems.push({ column: 'municipality_code', code: 'INCONSISTENT_ROW', message: 'a municipal table names its municipality' });
    return problems;
  },
  exportSql: sql`select ${ref('TAV', 't')} as source_id, name, level, topic, ambit_code, municipality_code, established_on from governance_table t order by id`,
});

export const members = simpleTable({
  name: 'members',
  title: 'Table members',
  description: 'An organisation sitting on a governance table. One row per table and organisation.',
  table: 'governance_table_member',
  columns: {
    source_id: sourceIdColumn('Your identifier of the membership.', 'MEM-0001'),
    table_source_id: sourceIdColumn('The table, by the source_id of the governance tables file.', 'TAV-BO'),
    organisation_source_id: organisationColumn(),
    role: codeColumn(MEMBER_ROLES, { description: 'Role on the table.', example: 'MEMBER' }),
    joined_on: dateColumn({ description: 'Date it joined.', example: '2025-09-15', min: '2020-01-01' }),
  },
  references: { table_source_id: { table: 'governance_table', column: 'table_id', what: 'governance table' }, organisation_source_id: ORGANISATION },
  exportSql: sql`select coalesce(m.source_id, 'MEM' || m.table_id || '-' || m.organisation_id) as source_id, ${ref('TAV', 't')} as table_source_id, ${ref('ORG', 'o')} as organisation_source_id, m.role, m.joined_on
    from governance_table_member m join governance_table t on t.id = m.table_id join organisation o on o.id = m.organisation_id order by m.table_id, m.organisation_id`,
});

export const meetings = simpleTable({
  name: 'meetings',
  title: 'Meetings',
  description: 'A meeting of a governance table.',
  table: 'meeting',
  columns: {
    source_id: sourceIdColumn('Your identifier of the meeting.', 'MTG-0001'),
    table_source_id: sourceIdColumn('The table, by the source_id of the governance tables file.', 'TAV-BO'),
    held_on: dateColumn({ description: 'Date of the meeting.', example: '2026-02-12', min: '2020-01-01' }),
    agenda: textColumn({ description: 'Agenda.', example: 'Planning of the 2026 language courses', max: 2000 }),
    outcomes: optional(textColumn({ description: 'Outcomes (minutes), when known.', example: 'Calendar agreed', max: 4000 })),
  },
  references: { table_source_id: { table: 'governance_table', column: 'table_id', what: 'governance table' } },
  exportSql: sql`select ${ref('MTG', 'm')} as source_id, ${ref('TAV', 't')} as table_source_id, m.held_on, m.agenda, m.outcomes from meeting m join governance_table t on t.id = m.table_id order by m.id`,
});

export const meetingAttendances = simpleTable({
  name: 'meeting_attendances',
  title: 'Meeting attendance',
  description: 'An organisation present at a meeting (AMIF O.2.2). One row per meeting and organisation.',
  table: 'meeting_attendance',
  columns: {
    source_id: sourceIdColumn('Your identifier of the attendance.', 'MA-0001'),
    meeting_source_id: sourceIdColumn('The meeting, by the source_id of the meetings file.', 'MTG-0001'),
    organisation_source_id: organisationColumn(),
  },
  references: { meeting_source_id: { table: 'meeting', column: 'meeting_id', what: 'meeting' }, organisation_source_id: ORGANISATION },
  exportSql: sql`select coalesce(a.source_id, 'MA' || a.meeting_id || '-' || a.organisation_id) as source_id, ${ref('MTG', 'm')} as meeting_source_id, ${ref('ORG', 'o')} as organisation_source_id
    from meeting_attendance a join meeting m on m.id = a.meeting_id join organisation o on o.id = a.organisation_id order by a.meeting_id, a.organisation_id`,
});

export const operatorTrainings = simpleTable({
  name: 'operator_trainings',
  title: 'Operator trainings',
  description: 'Capacity building for the operators of public and private services (Azione 01).',
  table: 'operator_training',
  columns: {
    source_id: sourceIdColumn('Your identifier of the training.', 'TRN-0001'),
    title: textColumn({ description: 'Title.', example: 'Intercultural competence at the front desk', max: 300 }),
    starts_on: dateColumn({ description: 'First day.', example: '2026-03-03', min: '2020-01-01' }),
    ends_on: dateColumn({ description: 'Last day (not before the first).', example: '2026-03-24', min: '2020-01-01' }),
    hours: decimalColumn({ description: 'Hours of training.', example: '16', min: 0.5, max: 2000 }),
    ambit_code: ambitColumn('The ambit it is for (empty: region-wide).'),
    provider: textColumn({ description: 'Who delivers it.', example: 'ANCI Emilia-Romagna', max: 200 }),
    mode: codeColumn(TRAINING_MODES, { description: 'How it is delivered.', example: 'BLENDED' }),
  },
  check: (r) => (r.ends_on < r.starts_on ? [{ column: 'ends_on', code: 'INCONSISTENT_ROW', message: 'ends_on is before starts_on' }] : []),
  exportSql: sql`select ${ref('TRN', 't')} as source_id, title, starts_on, ends_on, hours, ambit_code, provider, mode from operator_training t order by id`,
});

export const trainingAttendances = simpleTable({
  name: 'training_attendances',
  title: 'Training attendance',
  description: "An organisation's operators attending a training (AMIF O.2.2). One row per training and organisation.",
  table: 'training_attendance',
  columns: {
    source_id: sourceIdColumn('Your identifier of the attendance.', 'TA-0001'),
    training_source_id: sourceIdColumn('The training, by the source_id of the operator trainings file.', 'TRN-0001'),
    organisation_source_id: organisationColumn(),
    operators: integerColumn({ description: 'How many of its operators attended.', example: '3', min: 1, max: 10000 }),
    hours_attended: decimalColumn({ description: 'Hours attended (per operator, on average).', example: '14.5', min: 0, max: 2000 }),
  },
  references: { training_source_id: { table: 'operator_training', column: 'training_id', what: 'operator training' }, organisation_source_id: ORGANISATION },
  exportSql: sql`select coalesce(a.source_id, 'TA' || a.training_id || '-' || a.organisation_id) as source_id, ${ref('TRN', 't')} as training_source_id, ${ref('ORG', 'o')} as organisation_source_id, a.operators, a.hours_attended
    from training_attendance a join operator_training t on t.id = a.training_id join organisation o on o.id = a.organisation_id order by a.training_id, a.organisation_id`,
});
