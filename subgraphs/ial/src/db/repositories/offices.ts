// Reads of IAL's offices (sedi), each serving one province. Every function takes many keys.
import type { Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';
import type { SectionRow } from './ateco.ts';

export interface OfficeRow {
  id: string;
  name: string;
  municipality_code: string;
  province_code: string;
  ambit_code: string;
}

function offices(db: Kysely<IalDatabase>) {
  return db
    .selectFrom('office as o')
    .innerJoin('province as p', 'p.code', 'o.province_code')
    .select(['o.id', 'o.name', 'o.municipality_code', 'o.province_code', 'p.ambit_code']);
}

export function allOffices(db: Kysely<IalDatabase>): Promise<OfficeRow[]> {
  return offices(db).orderBy('o.municipality_code').execute();
}

export function officesById(db: Kysely<IalDatabase>, ids: readonly string[]): Promise<OfficeRow[]> {
  return offices(db).where('o.id', 'in', ids).execute();
}

export function officesOfProvinces(db: Kysely<IalDatabase>, provinceCodes: readonly string[]): Promise<OfficeRow[]> {
  return offices(db).where('o.province_code', 'in', provinceCodes).execute();
}

export function officesOfAmbits(db: Kysely<IalDatabase>, ambitCodes: readonly string[]): Promise<OfficeRow[]> {
  return offices(db).where('p.ambit_code', 'in', ambitCodes).orderBy('o.municipality_code').execute();
}

/** The office serving each municipality's province, with the municipality it answers for. */
export function officesOfMunicipalities(db: Kysely<IalDatabase>, istatCodes: readonly string[]): Promise<(OfficeRow & { for_municipality: string })[]> {
  return offices(db)
    .innerJoin('municipality as m', 'm.province_code', 'o.province_code')
    .select('m.istat_code as for_municipality')
    .where('m.istat_code', 'in', istatCodes)
    .execute();
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
