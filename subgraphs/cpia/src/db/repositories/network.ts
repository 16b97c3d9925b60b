// Reads of the network's institutes and sites. Every function takes many keys and answers in one statement.
import { groupedPages, keysetPage, referenceSnapshot, rowsByKeys, type PageArgs } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { CpiaDatabase } from '../types.ts';

export type InstituteRow = CpiaDatabase['institute'];
export type SiteRow = Omit<CpiaDatabase['site'], 'id'> & { id: number; province_code: string };

export interface SiteFilter {
  ambitCode?: string | null;
  provinceCode?: string | null;
  municipalityCode?: string | null;
  instituteId?: string | null;
}

export function institutesById(db: Kysely<CpiaDatabase>, ids: readonly string[]): Promise<InstituteRow[]> {
  return db.selectFrom('institute').selectAll().where('id', 'in', ids).execute();
}

/** The institutes in ISTAT order of their province. */
export function allInstitutes(db: Kysely<CpiaDatabase>): Promise<InstituteRow[]> {
  return db.selectFrom('institute').selectAll().orderBy('seat_municipality_code').execute();
}

function sites(db: Kysely<CpiaDatabase>) {
  return db.selectFrom('site as s').innerJoin('institute as i', 'i.id', 's.institute_id').selectAll('s').select('i.province_code');
}

// The network's sites are reference data (the seed's): the lookups by id and by municipality, made
// for nearly every municipality the graph is asked about, read a snapshot (the kit's
// reference-snapshot.ts); pages of sites still read the tables.
const network = referenceSnapshot(async (db: Kysely<CpiaDatabase>) => {
  const rows = (await sites(db).orderBy('s.id').execute()) as SiteRow[];
  return { rows, byId: new Map(rows.map((row) => [row.id, row])) };
});

/** Drops the snapshot of the sites (the seed calls it). */
export const forgetNetwork = (db: Kysely<CpiaDatabase>) => network.forget(db);

export async function sitesById(db: Kysely<CpiaDatabase>, ids: readonly number[]): Promise<SiteRow[]> {
  return rowsByKeys((await network.of(db)).byId, ids);
}

export async function sitesOfMunicipalities(db: Kysely<CpiaDatabase>, codes: readonly string[]): Promise<SiteRow[]> {
  const wanted = new Set(codes);
  return (await network.of(db)).rows.filter((row) => wanted.has(row.municipality_code));
}

export function sitePage(db: Kysely<CpiaDatabase>, filter: SiteFilter, args: PageArgs) {
  let query = sites(db);
  if (filter.ambitCode) query = query.where('s.ambit_code', '=', filter.ambitCode);
  if (filter.provinceCode) query = query.where('i.province_code', '=', filter.provinceCode);
  if (filter.municipalityCode) query = query.where('s.municipality_code', '=', filter.municipalityCode);
  if (filter.instituteId) query = query.where('s.institute_id', '=', filter.instituteId);
  return keysetPage(query, { orderBy: ['s.municipality_code', 's.id'], key: (row) => [row.municipality_code, row.id], args });
}

export function sitePagesOfInstitutes(db: Kysely<CpiaDatabase>, instituteIds: readonly string[], args: PageArgs) {
  return groupedPages(db, sites(db), { parentColumn: 's.institute_id', parentKey: (row) => row.institute_id, parents: instituteIds, orderBy: ['s.municipality_code', 's.id'], args });
}
