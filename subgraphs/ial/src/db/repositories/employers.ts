// Reads of the employers of IAL's network. Top-level lists page by keyset on id; lists under many
// municipalities, ambits or offices are paged for all of them in one statement.
import { groupedPages, keysetPage, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { IalDatabase, SizeBand } from '../types.ts';

export interface EmployerRow {
  id: number;
  name: string;
  municipality_code: string;
  ateco_code: string;
  size_band: SizeBand;
  province_code: string;
  ambit_code: string;
  section_code: string;
  sector: string;
}

export interface EmployerFilter {
  ambitCode?: string | null;
  municipalityCode?: string | null;
  provinceCode?: string | null;
  sectionCode?: string | null;
  sizeBand?: SizeBand | null;
}

/** Employers with where they are (province, ambit) and what they do (ATECO section, division title). */
function employers(db: Kysely<IalDatabase>) {
  return db
    .selectFrom('employer as e')
    .innerJoin('municipality as m', 'm.istat_code', 'e.municipality_code')
    .innerJoin('province as p', 'p.code', 'm.province_code')
    .innerJoin('ateco_division as d', 'd.code', 'e.ateco_code')
    .select(['e.id', 'e.name', 'e.municipality_code', 'e.ateco_code', 'e.size_band', 'm.province_code', 'p.ambit_code', 'd.section_code', 'd.name as sector']);
}

export function employersById(db: Kysely<IalDatabase>, ids: readonly number[]): Promise<EmployerRow[]> {
  return employers(db).where('e.id', 'in', ids).execute();
}

export function employerPage(db: Kysely<IalDatabase>, filter: EmployerFilter, args: PageArgs) {
  let query = employers(db);
  if (filter.ambitCode) query = query.where('p.ambit_code', '=', filter.ambitCode);
  if (filter.provinceCode) query = query.where('m.province_code', '=', filter.provinceCode);
  if (filter.municipalityCode) query = query.where('e.municipality_code', '=', filter.municipalityCode);
  if (filter.sectionCode) query = query.where('d.section_code', '=', filter.sectionCode);
  if (filter.sizeBand) query = query.where('e.size_band', '=', filter.sizeBand);
  return keysetPage(query, { orderBy: ['e.id'], key: (row) => [row.id], args });
}

const PARENTS = {
  municipality: { column: 'e.municipality_code', key: (row: EmployerRow) => row.municipality_code },
  province: { column: 'm.province_code', key: (row: EmployerRow) => row.province_code },
  ambit: { column: 'p.ambit_code', key: (row: EmployerRow) => row.ambit_code },
} as const;

/** One page of employers under each of many municipalities, provinces or ambits. */
export function employerPagesBy(db: Kysely<IalDatabase>, parent: keyof typeof PARENTS, keys: readonly string[], args: PageArgs) {
  const { column, key } = PARENTS[parent];
  return groupedPages(db, employers(db), { parentColumn: column, parentKey: key, parents: keys, orderBy: ['e.id'], args });
}

/** When each employer first hosted a traineeship; employers that never did are absent. */
export function traineeshipHostSince(db: Kysely<IalDatabase>, employerIds: readonly number[]): Promise<{ employer_id: number; since: string }[]> {
  return db
    .selectFrom('traineeship')
    .select(['employer_id', sql<string>`min(starts_on)`.as('since')])
    .where('employer_id', 'in', employerIds)
    .groupBy('employer_id')
    .execute();
}
