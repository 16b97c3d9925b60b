// Reads of governance tables (tavoli), their members, meetings and attendance.
import { containsPattern, groupedPages, keysetPage, type PageArgs } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { AnciDatabase, GovernanceLevel } from '../types.ts';

export type GovernanceTableRow = Omit<AnciDatabase['governance_table'], 'id'> & { id: number };
export type OrganisationRow = Omit<AnciDatabase['organisation'], 'id'> & { id: number };
export type MeetingRow = Omit<AnciDatabase['meeting'], 'id'> & { id: number };
export type MemberRow = AnciDatabase['governance_table_member'];

export interface GovernanceTableFilter {
  level?: GovernanceLevel | null;
  ambitCode?: string | null;
  municipalityCode?: string | null;
  topicContains?: string | null;
}

export interface DateRange {
  from?: string | null;
  to?: string | null;
}

export function tablesById(db: Kysely<AnciDatabase>, ids: readonly number[]): Promise<GovernanceTableRow[]> {
  return db.selectFrom('governance_table').selectAll().where('id', 'in', ids).execute();
}

export function tablePage(db: Kysely<AnciDatabase>, filter: GovernanceTableFilter, args: PageArgs) {
  let query = db.selectFrom('governance_table').selectAll();
  if (filter.level) query = query.where('level', '=', filter.level);
  if (filter.ambitCode) query = query.where('ambit_code', '=', filter.ambitCode);
  if (filter.municipalityCode) query = query.where('municipality_code', '=', filter.municipalityCode);
  if (filter.topicContains) query = query.where('topic', 'ilike', containsPattern(filter.topicContains));
  return keysetPage(query, { orderBy: ['id'], key: (row) => [row.id], args });
}

export function organisationsById(db: Kysely<AnciDatabase>, ids: readonly number[]): Promise<OrganisationRow[]> {
  return db.selectFrom('organisation').selectAll().where('id', 'in', ids).execute();
}

export function memberPages(db: Kysely<AnciDatabase>, tableIds: readonly number[], args: PageArgs) {
  const base = db.selectFrom('governance_table_member').selectAll();
  return groupedPages(db, base, { parentColumn: 'table_id', parentKey: (r) => r.table_id, parents: tableIds, orderBy: ['role', 'organisation_id'], args });
}

export function meetingPages(db: Kysely<AnciDatabase>, tableIds: readonly number[], range: DateRange, args: PageArgs) {
  let base = db.selectFrom('meeting').selectAll();
  if (range.from) base = base.where('held_on', '>=', range.from);
  if (range.to) base = base.where('held_on', '<=', range.to);
  return groupedPages(db, base, { parentColumn: 'table_id', parentKey: (r) => r.table_id, parents: tableIds, orderBy: ['held_on', 'id'], args });
}

export function meetingsById(db: Kysely<AnciDatabase>, ids: readonly number[]): Promise<MeetingRow[]> {
  return db.selectFrom('meeting').selectAll().where('id', 'in', ids).execute();
}

export function attendeePages(db: Kysely<AnciDatabase>, meetingIds: readonly number[], args: PageArgs) {
  const base = db.selectFrom('meeting_attendance').selectAll();
  return groupedPages(db, base, { parentColumn: 'meeting_id', parentKey: (r) => r.meeting_id, parents: meetingIds, orderBy: ['organisation_id'], args });
}
