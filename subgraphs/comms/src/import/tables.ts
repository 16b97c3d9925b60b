// Media Group98's formats besides campaigns: the materials and events of a campaign, and the reach
// figures measured month by month. Rows name their campaign (and a material or event) by source id.
import { codeColumn, dateColumn, integerColumn, municipalityColumn, optional, simpleTable, sourceIdColumn, textColumn, type Problem } from '@pleiadi/kit/import';
import { sql } from 'kysely';
import { CHANNELS, EVENT_KINDS, MATERIAL_KINDS } from '../db/types.ts';

const CAMPAIGN = { table: 'campaign', column: 'campaign_id', what: 'campaign' };
const campaignColumn = () => sourceIdColumn('The campaign, by the source_id of the campaigns file.', 'CMP-2026-01');
const ref = (name: string, on: string) => sql`coalesce(${sql.ref(`${on}.source_id`)}, ${name} || ${sql.ref(`${on}.id`)})`;
const count = (description: string) => optional(integerColumn({ description: `${description} (empty: 0).`, example: '0', min: 0, max: 100_000_000 }));

export const materials = simpleTable({
  name: 'materials',
  title: 'Materials',
  description: 'Information materials of a campaign, one row per language version (info packs and leaflets count for AMIF O.2.4).',
  table: 'material',
  columns: {
    source_id: sourceIdColumn('Your identifier of the material (language version).', 'MAT-0001-AR'),
    campaign_source_id: campaignColumn(),
    kind: codeColumn(MATERIAL_KINDS, { description: 'Kind of material.', example: 'LEAFLET' }),
    language_code: textColumn({ description: 'ISO 639-1 code of its language (one of the languages list).', example: 'ar', max: 2 }),
    title: textColumn({ description: 'Title.', example: 'I tuoi diritti al lavoro', max: 300 }),
    published_on: dateColumn({ description: 'Date of publication.', example: '2026-03-01', min: '2020-01-01' }),
  },
  references: { campaign_source_id: CAMPAIGN },
  lookups: { language_code: { table: 'language', key: 'code', what: 'language of the list' } },
  exportSql: sql`select ${ref('MAT', 'm')} as source_id, ${ref('CMP', 'c')} as campaign_source_id, m.kind, m.language_code, m.title, m.published_on
    from material m join campaign c on c.id = m.campaign_id order by m.id`,
});

export const events = simpleTable({
  name: 'events',
  title: 'Events',
  description: 'Events of a campaign: info days, public meetings, workshops, school meetings, festivals, info desks.',
  table: 'event',
  columns: {
    source_id: sourceIdColumn('Your identifier of the event.', 'EVT-0001'),
    campaign_source_id: campaignColumn(),
    title: textColumn({ description: 'Title.', example: 'Info day on residence permits', max: 300 }),
    kind: codeColumn(EVENT_KINDS, { description: 'Kind of event.', example: 'INFO_DAY' }),
    municipality_code: municipalityColumn({ description: 'ISTAT code of where it was held.', example: '037006' }),
    held_on: dateColumn({ description: 'Date it was held.', example: '2026-04-18', min: '2020-01-01' }),
  },
  references: { campaign_source_id: CAMPAIGN },
  exportSql: sql`select ${ref('EVT', 'e')} as source_id, ${ref('CMP', 'c')} as campaign_source_id, e.title, e.kind, e.municipality_code, e.held_on
    from event e join campaign c on c.id = e.campaign_id order by e.id`,
});

export const reach = simpleTable({
  name: 'reach',
  title: 'Reach figures',
  description: 'What a campaign reached on one channel in one month, perhaps through one material or event. One row per campaign, month, channel, material and event.',
  table: 'reach_figure',
  columns: {
    source_id: sourceIdColumn('Your identifier of the figure.', 'RCH-0001'),
    campaign_source_id: campaignColumn(),
    material_source_id: optional(sourceIdColumn('The material measured, by the source_id of the materials file (empty: the campaign as a whole).', 'MAT-0001-AR')),
    event_source_id: optional(sourceIdColumn('The event measured, by the source_id of the events file.', 'EVT-0001')),
    month: dateColumn({ description: 'The month measured, as its first day.', example: '2026-03-01', min: '2020-01-01' }),
    channel: codeColumn(CHANNELS, { description: 'The channel measured.', example: 'PRINT' }),
    copies: count('Copies distributed'),
    views: count('Views'),
    listeners: count('Listeners'),
    attendees: count('Attendees'),
  },
  references: { campaign_source_id: CAMPAIGN, material_source_id: { table: 'material', column: 'material_id', what: 'material' }, event_source_id: { table: 'event', column: 'event_id', what: 'event' } },
  check: (r): Problem[] => (r.month.endsWith('-01') ? [] : [{ column: 'month', code: 'INCONSISTENT_ROW', message: 'a month is given as its first day' }]),
  computed: (r) => ({ copies: r.copies ?? 0, views: r.views ?? 0, listeners: r.listeners ?? 0, attendees: r.attendees ?? 0 }),
  exportSql: sql`select ${ref('RCH', 'f')} as source_id, ${ref('CMP', 'c')} as campaign_source_id, case when m.id is null then null else ${ref('MAT', 'm')} end as material_source_id,
    case when e.id is null then null else ${ref('EVT', 'e')} end as event_source_id, f.month, f.channel, f.copies, f.views, f.listeners, f.attendees
    from reach_figure f join campaign c on c.id = f.campaign_id left join material m on m.id = f.material_id left join event e on e.id = f.event_id order by f.id`,
});
