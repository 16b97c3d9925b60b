// Reads of the territory master data. Every function takes many keys and answers in one statement.
import { containsPattern, keysetPage, type PageArgs } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { AnciDatabase } from '../types.ts';

export type AmbitRow = AnciDatabase['ambit'];
export type ProvinceRow = AnciDatabase['province'];
export interface MunicipalityRow {
  istat_code: string;
  name: string;
  province_code: string;
  ambit_code: string;
}

export interface MunicipalityFilter {
  provinceCode?: string | null;
  ambitCode?: string | null;
  nameContains?: string | null;
}

export function ambitsByCode(db: Kysely<AnciDatabase>, codes: readonly string[]): Promise<AmbitRow[]> {
  return db.selectFrom('ambit').selectAll().where('code', 'in', codes).execute();
}

export function allAmbits(db: Kysely<AnciDatabase>): Promise<AmbitRow[]> {
  return db.selectFrom('ambit').selectAll().orderBy('code').execute();
}

export function provincesByCode(db: Kysely<AnciDatabase>, codes: readonly string[]): Promise<ProvinceRow[]> {
  return db.selectFrom('province').selectAll().where('code', 'in', codes).execute();
}

export function provincesOfAmbits(db: Kysely<AnciDatabase>, ambitCodes: readonly string[]): Promise<ProvinceRow[]> {
  return db.selectFrom('province').selectAll().where('ambit_code', 'in', ambitCodes).orderBy('istat_code').execute();
}

export function allProvinces(db: Kysely<AnciDatabase>, ambitCode?: string | null): Promise<ProvinceRow[]> {
  let query = db.selectFrom('province').selectAll().orderBy('istat_code');
  if (ambitCode) query = query.where('ambit_code', '=', ambitCode);
  return query.execute();
}

function municipalities(db: Kysely<AnciDatabase>) {
  return db
    .selectFrom('municipality as m')
    .innerJoin('province as p', 'p.code', 'm.province_code')
    .select(['m.istat_code', 'm.name', 'm.province_code', 'p.ambit_code']);
}

export function municipalitiesByCode(db: Kysely<AnciDatabase>, codes: readonly string[]): Promise<MunicipalityRow[]> {
  return municipalities(db).where('m.istat_code', 'in', codes).execute();
}

export function municipalityPage(db: Kysely<AnciDatabase>, filter: MunicipalityFilter, args: PageArgs) {
  let query = municipalities(db);
  if (filter.provinceCode) query = query.where('m.province_code', '=', filter.provinceCode);
  if (filter.ambitCode) query = query.where('p.ambit_code', '=', filter.ambitCode);
  if (filter.nameContains) query = query.where('m.name', 'ilike', containsPattern(filter.nameContains));
  return keysetPage(query, { orderBy: ['m.istat_code'], key: (row) => [row.istat_code], args });
}
