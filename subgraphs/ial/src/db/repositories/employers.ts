// Reads of the employers of IAL's network. Top-level lists page by keyset on id; lists under many
// municipalities, ambits or offices are paged for all of them in one statement.
import { groupedPages, keysetPage, type Page, type PageArgs } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';
import type { IalDatabase, SizeBand } from '../types.ts';
import { divisionsByCode, forgetDivisions } from './ateco.ts';
import { forgetTerritory, placesOfMunicipalities } from './territory.ts';

/** An employer as its table holds it. */
type EmployerBase = Pick<EmployerRow, 'id' | 'name' | 'municipality_code' | 'ateco_code' | 'size_band'>;

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

// Where an employer is (province, ambit) and what it does (ATECO section, division title) come
// from the snapshots of the territory and the ATECO divisions: the statements read the employer
// table alone. Joined to three reference tables they cost PostgreSQL ~0.25 ms more to plan and
// ~0.25 ms more to run (psql, warm, Bologna's page) — on every municipality the graph is asked about.
async function reference(db: Kysely<IalDatabase>) {
  const [places, divisions] = await Promise.all([placesOfMunicipalities(db), divisionsByCode(db)]);
  return { places, divisions };
}

/** Employers with where they are and what they do; a code the snapshots lack (added since) reads them again. */
async function placed<T extends EmployerBase>(db: Kysely<IalDatabase>, rows: readonly T[]): Promise<(T & EmployerRow)[]> {
  let known = await reference(db);
  if (rows.some((row) => !known.places.has(row.municipality_code) || !known.divisions.has(row.ateco_code))) {
    forgetTerritory(db);
    forgetDivisions(db);
    known = await reference(db);
  }
  return rows.flatMap((row) => {
    const place = known.places.get(row.municipality_code);
    const division = known.divisions.get(row.ateco_code);
    if (!place || !division) return []; // as the inner joins did: a row off the reference is not served
    return [{ ...row, province_code: place.province_code, ambit_code: place.ambit_code, section_code: division.section_code, sector: division.name }];
  });
}

const placedPage = async <T extends EmployerBase>(db: Kysely<IalDatabase>, page: Page<T>): Promise<Page<T & EmployerRow>> => ({ ...page, nodes: await placed(db, page.nodes) });

function employers(db: Kysely<IalDatabase>) {
  return db.selectFrom('employer as e').select(['e.id', 'e.name', 'e.municipality_code', 'e.ateco_code', 'e.size_band']);
}

export async function employersById(db: Kysely<IalDatabase>, ids: readonly number[]): Promise<EmployerRow[]> {
  return placed(db, await employers(db).where('e.id', 'in', ids).execute());
}

export async function employerPage(db: Kysely<IalDatabase>, filter: EmployerFilter, args: PageArgs): Promise<Page<EmployerRow>> {
  const known = await reference(db);
  const codesWhere = <V>(map: ReadonlyMap<string, V>, keep: (value: V) => boolean) => [...map].filter(([, value]) => keep(value)).map(([code]) => code);
  let query = employers(db);
  if (filter.ambitCode) query = query.where('e.municipality_code', '=', anyOf(codesWhere(known.places, (m) => m.ambit_code === filter.ambitCode)));
  if (filter.provinceCode) query = query.where('e.municipality_code', '=', anyOf(codesWhere(known.places, (m) => m.province_code === filter.provinceCode)));
  if (filter.municipalityCode) query = query.where('e.municipality_code', '=', filter.municipalityCode);
  if (filter.sectionCode) query = query.where('e.ateco_code', '=', anyOf(codesWhere(known.divisions, (d) => d.section_code === filter.sectionCode)));
  if (filter.sizeBand) query = query.where('e.size_band', '=', filter.sizeBand);
  return placedPage(db, await keysetPage(query, { orderBy: ['e.id'], key: (row) => [row.id], args }));
}

/** `= any(codes)`: one parameter whatever the number of codes (typed as the column), and false for none. */
const anyOf = (codes: string[]) => sql<string>`any(${sql.val(codes)})`;

// Grouped by province or ambit, the statement partitions by a column of the territory tables.
const PARENTS = {
  municipality: { base: (db: Kysely<IalDatabase>) => employers(db).select('e.municipality_code as parent_code'), column: 'e.municipality_code' },
  province: {
    base: (db: Kysely<IalDatabase>) => employers(db).innerJoin('municipality as m', 'm.istat_code', 'e.municipality_code').select('m.province_code as parent_code'),
    column: 'm.province_code',
  },
  ambit: {
    base: (db: Kysely<IalDatabase>) =>
      employers(db).innerJoin('municipality as m', 'm.istat_code', 'e.municipality_code').innerJoin('province as p', 'p.code', 'm.province_code').select('p.ambit_code as parent_code'),
    column: 'p.ambit_code',
  },
} as const;

/** One page of employers under each of many municipalities, provinces or ambits. */
export async function employerPagesBy(db: Kysely<IalDatabase>, parent: keyof typeof PARENTS, keys: readonly string[], args: PageArgs): Promise<Page<EmployerRow>[]> {
  const { base, column } = PARENTS[parent];
  const pages = await groupedPages(db, base(db), { parentColumn: column, parentKey: (row) => row.parent_code, parents: keys, orderBy: ['e.id'], args });
  return Promise.all(pages.map((page) => placedPage(db, page)));
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
