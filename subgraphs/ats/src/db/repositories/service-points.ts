// Reads of one store's service points (sportelli). The caller picks the store(s).
import { groupedPages, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { AtsDatabase, ServiceKind, ServicePointKind } from '../types.ts';

export type ServicePointRow = Omit<AtsDatabase['service_point'], 'id'> & { id: number };

export interface ServicePointFilter {
  municipalityCode?: string | null;
  kind?: ServicePointKind | null;
  /** ISO 639-1 code of a language spoken at the point. */
  language?: string | null;
  /** A kind of service the point delivers. */
  offers?: ServiceKind | null;
}

export function servicePoints(db: Kysely<AtsDatabase>, filter: ServicePointFilter) {
  let query = db.selectFrom('service_point').selectAll();
  if (filter.municipalityCode) query = query.where('municipality_code', '=', filter.municipalityCode);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.language) query = query.where(sql<boolean>`${filter.language} = any(languages)`);
  if (filter.offers) query = query.where(sql<boolean>`${filter.offers} = any(service_kinds)`);
  return query;
}

/** Lists of service points run in ISTAT-code order of their municipality, then by id. */
export const SERVICE_POINT_ORDER = {
  orderBy: ['municipality_code'],
  idColumn: 'id',
  key: (row: ServicePointRow) => [row.municipality_code],
  validKey: ([code]: (string | number)[]) => typeof code === 'string' && /^[0-9]{6}$/.test(code),
};

export function servicePointsById(db: Kysely<AtsDatabase>, ids: readonly number[]): Promise<ServicePointRow[]> {
  return db.selectFrom('service_point').selectAll().where('id', 'in', ids).execute();
}

export function servicePointPagesOfMunicipalities(db: Kysely<AtsDatabase>, codes: readonly string[], filter: ServicePointFilter, args: PageArgs) {
  return groupedPages(db, servicePoints(db, filter), {
    parentColumn: 'municipality_code',
    parentKey: (row) => row.municipality_code,
    parents: codes,
    orderBy: ['id'],
    args,
  });
}
