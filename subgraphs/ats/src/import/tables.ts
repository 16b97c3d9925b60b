// An ambit consortium's import formats besides participants (kit): service points, cases (presa in
// carico) and the services delivered in them, migrant associations, community activities and who
// attended them, integration survey answers. Each ambit loads into its own database.
import {
  booleanColumn, codeColumn, codeListColumn, dateColumn, integerColumn, municipalityColumn, optional, patternColumn, simpleTable, sourceIdColumn, textColumn, type Problem,
} from '@pleiadi/kit/import';
import { sql } from 'kysely';
import { ACTIVITY_KINDS, REFERRAL_SOURCES, SERVICE_KINDS, SERVICE_POINT_KINDS } from '../db/types.ts';

const CASE = { table: 'case_taking', column: 'case_id', what: 'case' };
const PARTICIPANT = { table: 'participant', column: 'participant_id', what: 'participant' };
const ref = (name: string, on: string) => sql`coalesce(${sql.ref(`${on}.source_id`)}, ${name} || ${sql.ref(`${on}.id`)})`;
const after = (from: string | null, to: string | null, column: string): Problem[] =>
  from && to && to < from ? [{ column, code: 'INCONSISTENT_ROW', message: `${column} is before the start` }] : [];

export const servicePoints = simpleTable({
  name: 'service_points',
  title: 'Service points',
  description: "The consortium's desks (sportelli) and mobile-unit bases in the ambit.",
  table: 'service_point',
  columns: {
    source_id: sourceIdColumn('Your identifier of the service point.', 'SP-BO-01'),
    name: textColumn({ description: 'Name of the desk (one service point per name).', example: 'Sportello immigrazione – Bologna centro', max: 200 }),
    municipality_code: municipalityColumn({ description: 'ISTAT code of the municipality it is in.', example: '037006' }),
    kind: codeColumn(SERVICE_POINT_KINDS, { description: 'Kind of desk.', example: 'INFORMATION_DESK' }),
    opening_hours: textColumn({ description: 'Opening hours as shown to the public.', example: 'Mon-Fri 9-13', max: 200 }),
    languages: codeListColumn(/^[a-z]{2}$/, { what: 'ISO 639-1 language codes', description: 'Languages spoken at the desk.', example: 'it|en|ar' }),
    service_kinds: codeListColumn(new RegExp(`^(${SERVICE_KINDS.join('|')})$`), { what: `service kinds (${SERVICE_KINDS.join(', ')})`, description: 'Kinds of service it delivers.', example: 'ORIENTATION|LEGAL_INFORMATION' }),
  },
  unique: ['source_id', 'name'],
  exportSql: sql`select ${ref('SP', 's')} as source_id, name, municipality_code, kind, opening_hours, array_to_string(languages, '|') as languages,
    array_to_string(service_kinds, '|') as service_kinds from service_point s order by id`,
});

export const cases = simpleTable({
  name: 'cases',
  title: 'Cases (presa in carico)',
  description: 'A person taken in charge at a service point, from opening to (perhaps) closing.',
  table: 'case_taking',
  columns: {
    source_id: sourceIdColumn('Your identifier of the case.', 'CASE-0001'),
    participant_source_id: sourceIdColumn('The participant, by the source_id of the participants file.', 'P-0001'),
    service_point_source_id: sourceIdColumn('The service point, by the source_id of the service points file.', 'SP-BO-01'),
    opened_on: dateColumn({ description: 'Date the case was opened.', example: '2026-01-15', min: '2020-01-01' }),
    closed_on: optional(dateColumn({ description: 'Date the case was closed (empty while open).', example: '2026-07-01', min: '2020-01-01' })),
    referral_source: codeColumn(REFERRAL_SOURCES, { description: 'Who sent the person.', example: 'SELF' }),
  },
  references: { participant_source_id: PARTICIPANT, service_point_source_id: { table: 'service_point', column: 'service_point_id', what: 'service point' } },
  check: (r) => after(r.opened_on, r.closed_on, 'closed_on'),
  exportSql: sql`select ${ref('CASE', 'c')} as source_id, ${ref('P', 'p')} as participant_source_id, ${ref('SP', 's')} as service_point_source_id, c.opened_on, c.closed_on, c.referral_source
    from case_taking c join participant p on p.id = c.participant_id join service_point s on s.id = c.service_point_id order by c.id`,
});

export const serviceDeliveries = simpleTable({
  name: 'service_deliveries',
  title: 'Service deliveries',
  description: 'A service delivered within a case: orientation, intercultural mediation, legal information, outreach, minors\' educational activity, civic orientation (AMIF O.2.3, O.2.3.2).',
  table: 'service_delivery',
  columns: {
    source_id: sourceIdColumn('Your identifier of the delivery.', 'SD-0001'),
    case_source_id: sourceIdColumn('The case, by the source_id of the cases file.', 'CASE-0001'),
    kind: codeColumn(SERVICE_KINDS, { description: 'Kind of service.', example: 'CIVIC_ORIENTATION' }),
    delivered_on: dateColumn({ description: 'Date of the service.', example: '2026-01-20', min: '2020-01-01' }),
    duration_minutes: integerColumn({ description: 'Length in minutes.', example: '60', min: 1, max: 1440 }),
    language: patternColumn(/^[a-z]{2}$/, { type: 'ISO 639-1 language code (2 letters)', caseOf: 'lower', description: 'Language the service was delivered in.', example: 'ar' }),
    mediator_code: optional(patternColumn(/^[A-Z]{3}-[A-Z]{2}-[0-9]{3}$/, { type: 'staff code (AAA-BB-000)', caseOf: 'upper', description: 'Staff code of the intercultural mediator, never a name.', example: 'MED-BO-014' })),
  },
  references: { case_source_id: CASE },
  exportSql: sql`select ${ref('SD', 'd')} as source_id, ${ref('CASE', 'c')} as case_source_id, d.kind, d.delivered_on, d.duration_minutes, d.language, d.mediator_code
    from service_delivery d join case_taking c on c.id = d.case_id order by d.id`,
});

export const associations = simpleTable({
  name: 'associations',
  title: 'Migrant associations',
  description: 'Associations of migrants the consortium involves (Azione 03).',
  table: 'migrant_association',
  columns: {
    source_id: sourceIdColumn('Your identifier of the association.', 'ASS-01'),
    name: textColumn({ description: 'Name (one association per name).', example: 'Associazione Esempio APS', max: 200 }),
    municipality_code: municipalityColumn({ description: 'ISTAT code of its seat.', example: '037006' }),
    communities: optional(codeListColumn(/^[A-Z]{2}$/, { what: 'ISO 3166-1 alpha-2 country codes', description: 'Communities it represents (empty: none named).', example: 'MA|TN' })),
  },
  unique: ['source_id', 'name'],
  computed: (r) => ({ communities: r.communities ?? [] }),
  exportSql: sql`select ${ref('ASS', 'a')} as source_id, name, municipality_code, nullif(array_to_string(communities, '|'), '') as communities from migrant_association a order by id`,
});

export const communityActivities = simpleTable({
  name: 'community_activities',
  title: 'Community activities',
  description: 'Sport, culture, dialogue and information activities (Azione 03), perhaps with an association.',
  table: 'community_activity',
  columns: {
    source_id: sourceIdColumn('Your identifier of the activity.', 'ACT-0001'),
    title: textColumn({ description: 'Title of the activity.', example: 'Torneo di calcio interculturale', max: 200 }),
    kind: codeColumn(ACTIVITY_KINDS, { description: 'Kind of activity.', example: 'SPORT' }),
    municipality_code: municipalityColumn({ description: 'ISTAT code of where it was held.', example: '037006' }),
    held_on: dateColumn({ description: 'Date it was held.', example: '2026-05-16', min: '2020-01-01' }),
    association_source_id: optional(sourceIdColumn('The association running it, by the source_id of the associations file (empty: none).', 'ASS-01')),
  },
  references: { association_source_id: { table: 'migrant_association', column: 'association_id', what: 'association' } },
  exportSql: sql`select ${ref('ACT', 'x')} as source_id, x.title, x.kind, x.municipality_code, x.held_on, case when a.id is null then null else ${ref('ASS', 'a')} end as association_source_id
    from community_activity x left join migrant_association a on a.id = x.association_id order by x.id`,
});

export const attendances = simpleTable({
  name: 'attendances',
  title: 'Attendances',
  description: 'A participant attending a community activity (AMIF O.2.3, Azione 03). One row per person and activity.',
  table: 'activity_attendance',
  columns: {
    source_id: sourceIdColumn('Your identifier of the attendance.', 'ATT-0001'),
    activity_source_id: sourceIdColumn('The activity, by the source_id of the community activities file.', 'ACT-0001'),
    participant_source_id: sourceIdColumn('The participant, by the source_id of the participants file.', 'P-0001'),
  },
  references: { activity_source_id: { table: 'community_activity', column: 'activity_id', what: 'community activity' }, participant_source_id: PARTICIPANT },
  exportSql: sql`select coalesce(t.source_id, 'ATT' || t.activity_id || '-' || t.participant_id) as source_id, ${ref('ACT', 'x')} as activity_source_id, ${ref('P', 'p')} as participant_source_id
    from activity_attendance t join community_activity x on x.id = t.activity_id join participant p on p.id = t.participant_id order by t.activity_id, t.participant_id`,
});

export const integrationSurveys = simpleTable({
  name: 'integration_surveys',
  title: 'Integration survey answers',
  description: 'A person\'s answer, within their case, to "did the support help your integration?" (AMIF R.2.9).',
  table: 'integration_survey',
  columns: {
    source_id: sourceIdColumn('Your identifier of the answer.', 'IS-0001'),
    case_source_id: sourceIdColumn('The case, by the source_id of the cases file.', 'CASE-0001'),
    answered_on: dateColumn({ description: 'Date of the answer.', example: '2026-06-30', min: '2020-01-01' }),
    helped_integration: booleanColumn({ description: 'The answer: the support helped their integration.', example: 'true' }),
  },
  references: { case_source_id: CASE },
  exportSql: sql`select ${ref('IS', 'i')} as source_id, ${ref('CASE', 'c')} as case_source_id, i.answered_on, i.helped_integration
    from integration_survey i join case_taking c on c.id = i.case_id order by i.id`,
});
