// Reads of IAL's offices (sedi), each serving one province. Every function takes many keys.
import { referenceSnapshot } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';
import type { SectionRow } from './ateco.ts';
import { placesOfMunicipalities } from './territory.ts';

export interface OfficeRow {
  id: string;
  name: string;
  municipality_code: string;
  province_code: string;
  ambit_code: string;
}

function officeRows(db: Kysely<IalDatabase>) {
  return db
    .selectFrom('office as o')
    .innerJoin('province as p', 'p.code', 'o.province_code')
    .select(['o.id', 'o.name', 'o.municipality_code', 'o.province_code', 'p.ambit_code']);
}

// IAL's offices are reference data (the seed's, with the territory): the lookups — the office of
// a municipality, asked for nearly every municipality the graph serves — read a snapshot of the
// offices and the territory's (the kit's reference-snapshot.ts).
const offices = referenceSnapshot(async (db: Kysely<IalDatabase>) => officeRows(db).orderBy('o.municipality_code').orderBy('o.id').execute());

/** Drops the snapshot of the offices (the seed calls it). */
export const forgetOffices = (db: Kysely<IalDatabase>) => offices.forget(db);

const officesWhere = async (db: Kysely<IalDatabase>, keep: (office: OfficeRow) => boolean) => (await offices.of(db)).filter(keep);

export function allOffices(db: Kysely<IalDatabase>): Promise<OfficeRow[]> {
  return officesWhere(db, () => true);
}

export function officesById(db: Kysely<IalDatabase>, ids: readonly string[]): Promise<OfficeRow[]> {
  const wanted = new Set(ids);
  return officesWhere(db, (office) => wanted.has(office.id));
}

export function officesOfProvinces(db: Kysely<IalDatabase>, provinceCodes: readonly string[]): Promise<OfficeRow[]> {
  const wanted = new Set(provinceCodes);
  return officesWhere(db, (office) => wanted.has(office.province_code));
}

export function officesOfAmbits(db: Kysely<IalDatabase>, ambitCodes: readonly string[]): Promise<OfficeRow[]> {
  const wanted = new Set(ambitCodes);
  return officesWhere(db, (office) => wanted.has(office.ambit_code));
}

/** The office serving each municipality's province, with the municipality it answers for. */
export async function officesOfMunicipalities(db: Kysely<IalDatabase>, istatCodes: readonly string[]): Promise<(OfficeRow & { for_municipality: string })[]> {
  const [rows, places] = await Promise.all([offices.of(db), placesOfMunicipalities(db)]);
  return [...new Set(istatCodes)].flatMap((code) => rows.filter((office) => office.province_code === places.get(code)?.province_code).map((office) => ({ ...office, for_municipality: code })));
}

/** ATECO sections in which each office's province has employers of IAL's network. */
export function sectorsOfOffices(db: Kysely<IalDatabase>, officeIds: readonly string[]): Promise<(SectionRow & { office_id: string })[]> {
  return db
    .selectFrom('office as o')
    .innerJoin('municipality as m', 'm.province_code', 'o.province_code')
    .innerJoin('employer as e', 'e.municipality_code', 'm.istat_code')
    .innerJoin('ateco_division as d', 'd.code', 'e.ateco_code')
    .innerJoin('ateco_section as s', 's.code', 'd.section_code')
    .select(['o.id as office_id', 's.code', 's.name'])
    .distinct()
    .where('o.id', 'in', officeIds)
    .orderBy('o.id')
    .orderBy('s.code')
    .execute();
}
