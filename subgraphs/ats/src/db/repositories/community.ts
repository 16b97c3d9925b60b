// Reads of one store's migrant associations and community activities (Azione 03).
import { containsPattern, groupedPages, isIsoDate, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { ActivityKind, AtsDatabase } from '../types.ts';

export type AssociationRow = Omit<AtsDatabase['migrant_association'], 'id'> & { id: number };
export type ActivityRow = Omit<AtsDatabase['community_activity'], 'id'> & { id: number };

export interface ActivityFilter {
  municipalityCode?: string | null;
  kind?: ActivityKind | null;
  from?: string | null;
  to?: string | null;
  associationId?: number | null;
}

export interface AssociationFilter {
  municipalityCode?: string | null;
  /** ISO 3166-1 alpha-2 code of a community the association represents. */
  community?: string | null;
  nameContains?: string | null;
}

export function activities(db: Kysely<AtsDatabase>, filter: ActivityFilter) {
  let query = db.selectFrom('community_activity').selectAll();
  if (filter.municipalityCode) query = query.where('municipality_code', '=', filter.municipalityCode);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.from) query = query.where('held_on', '>=', filter.from);
  if (filter.to) query = query.where('held_on', '<=', filter.to);
  if (filter.associationId) query = query.where('association_id', '=', filter.associationId);
  return query;
}

/** Activities run in date order, then by id. */
export const ACTIVITY_ORDER = {
  orderBy: ['held_on'],
  idColumn: 'id',
  key: (row: ActivityRow) => [row.held_on],
  validKey: ([day]: (string | number)[]) => typeof day === 'string' && isIsoDate(day),
};

export function activitiesById(db: Kysely<AtsDatabase>, ids: readonly number[]): Promise<ActivityRow[]> {
  return db.selectFrom('community_activity').selectAll().where('id', 'in', ids).execute();
}

export function activityPagesOfMunicipalities(db: Kysely<AtsDatabase>, codes: readonly string[], filter: ActivityFilter, args: PageArgs) {
  return groupedPages(db, activities(db, filter), {
    parentColumn: 'municipality_code',
    parentKey: (row) => row.municipality_code,
    parents: codes,
    orderBy: ['held_on', 'id'],
    args,
  });
}

export function activityPagesOfAssociations(db: Kysely<AtsDatabase>, ids: readonly number[], filter: ActivityFilter, args: PageArgs) {
  return groupedPages(db, activities(db, filter), {
    parentColumn: 'association_id',
    parentKey: (row) => row.association_id!,
    parents: ids,
    orderBy: ['held_on', 'id'],
    args,
  });
}

export function associations(db: Kysely<AtsDatabase>, filter: AssociationFilter) {
  let query = db.selectFrom('migrant_association').selectAll();
  if (filter.municipalityCode) query = query.where('municipality_code', '=', filter.municipalityCode);
  if (filter.community) query = query.where(sql<boolean>`${filter.community} = any(communities)`);
  if (filter.nameContains) query = query.where('name', 'ilike', containsPattern(filter.nameContains));
  return query;
}

/** Associations run in ISTAT-code order of their seat, then by id. */
export const ASSOCIATION_ORDER = {
  orderBy: ['municipality_code'],
  idColumn: 'id',
  key: (row: AssociationRow) => [row.municipality_code],
  validKey: ([code]: (string | number)[]) => typeof code === 'string' && /^[0-9]{6}$/.test(code),
};

export function associationsById(db: Kysely<AtsDatabase>, ids: readonly number[]): Promise<AssociationRow[]> {
  return db.selectFrom('migrant_association').selectAll().where('id', 'in', ids).execute();
}
