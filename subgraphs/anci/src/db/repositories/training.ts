// Reads of operator training courses and their attendance (Azione 01 capacity building).
import { containsPattern, groupedPages, keysetPage, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import { LOCAL_AUTHORITY_KINDS, type AnciDatabase } from '../types.ts';
import type { DateRange } from './governance.ts';

export type TrainingRow = Omit<AnciDatabase['operator_training'], 'id'> & { id: number };
export type AttendanceRow = AnciDatabase['training_attendance'];

export interface TrainingFilter extends DateRange {
  ambitCode?: string | null;
  providerContains?: string | null;
}

export interface TrainingTotals {
  training_id: number;
  organisations: number;
  operators: number;
  local_authorities: number;
}

export function trainingsById(db: Kysely<AnciDatabase>, ids: readonly number[]): Promise<TrainingRow[]> {
  return db.selectFrom('operator_training').selectAll().where('id', 'in', ids).execute();
}

export function trainingPage(db: Kysely<AnciDatabase>, filter: TrainingFilter, args: PageArgs) {
  let query = db.selectFrom('operator_training').selectAll();
  if (filter.ambitCode) query = query.where('ambit_code', '=', filter.ambitCode);
  // A course belongs to a range when it overlaps it.
  if (filter.from) query = query.where('ends_on', '>=', filter.from);
  if (filter.to) query = query.where('starts_on', '<=', filter.to);
  if (filter.providerContains) query = query.where('provider', 'ilike', containsPattern(filter.providerContains));
  return keysetPage(query, { orderBy: ['starts_on', 'id'], key: (row) => [row.starts_on, row.id], args });
}

export function attendancePages(db: Kysely<AnciDatabase>, trainingIds: readonly number[], args: PageArgs) {
  const base = db.selectFrom('training_attendance').selectAll();
  return groupedPages(db, base, { parentColumn: 'training_id', parentKey: (r) => r.training_id, parents: trainingIds, orderBy: ['organisation_id'], args });
}

export function trainingTotals(db: Kysely<AnciDatabase>, trainingIds: readonly number[]): Promise<TrainingTotals[]> {
  return db
    .selectFrom('training_attendance as a')
    .innerJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select([
      'a.training_id',
      sql<number>`count(*)::int`.as('organisations'),
      sql<number>`sum(a.operators)::int`.as('operators'),
      sql<number>`(count(*) filter (where o.kind = any(${sql.val([...LOCAL_AUTHORITY_KINDS])})))::int`.as('local_authorities'),
    ])
    .where('a.training_id', 'in', trainingIds)
    .groupBy('a.training_id')
    .execute();
}

/**
 * AMIF O.2.2: the local and regional authorities that attended an operator training or a
 * governance-table meeting within the range (and ambit, by the organisation's seat), each once:
 * a query on `organisation as o` for the caller to select from, so the count and the indicator
 * facts apply the same rule.
 */
export function authoritiesSupported(db: Kysely<AnciDatabase>, filter: { ambitCode?: string | null } & DateRange) {
  let trained = db
    .selectFrom('training_attendance as a')
    .innerJoin('operator_training as t', 't.id', 'a.training_id')
    .select('a.organisation_id');
  if (filter.from) trained = trained.where('t.ends_on', '>=', filter.from);
  if (filter.to) trained = trained.where('t.starts_on', '<=', filter.to);
  let met = db
    .selectFrom('meeting_attendance as a')
    .innerJoin('meeting as m', 'm.id', 'a.meeting_id')
    .select('a.organisation_id');
  if (filter.from) met = met.where('m.held_on', '>=', filter.from);
  if (filter.to) met = met.where('m.held_on', '<=', filter.to);

  let query = db
    .selectFrom('organisation as o')
    .where('o.kind', 'in', LOCAL_AUTHORITY_KINDS)
    .where('o.id', 'in', trained.union(met));
  if (filter.ambitCode) {
    // The Region counts region-wide: its seat in Bologna does not make it Bologna's authority.
    query = query.where('o.kind', '<>', 'REGION').where('o.municipality_code', 'in', (eb) =>
      eb.selectFrom('municipality as m').innerJoin('province as p', 'p.code', 'm.province_code').select('m.istat_code').where('p.ambit_code', '=', filter.ambitCode!),
    );
  }
  return query;
}

/** AMIF O.2.2: how many distinct authorities `authoritiesSupported` finds. */
export async function localAuthoritiesSupported(db: Kysely<AnciDatabase>, filter: { ambitCode?: string | null } & DateRange): Promise<number> {
  const row = await authoritiesSupported(db, filter).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow();
  return row.total;
}
