// Reads of the territory master data. Every function takes many keys and answers in one statement.
import { containsPattern, keysetPage, keysetPageOf, referenceSnapshot, rowsByKeys, type PageArgs } from '@pleiadi/kit';
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

// The territory is reference data (ISTAT's list, loaded by the seed at every start). The lookups
// the graph makes on nearly every request — a municipality, its province, its ambit: three
// statements — read a snapshot of the three tables (see the kit's reference-snapshot.ts), and so
// do the pages of municipalities by province or ambit. A name search and the municipalities
// nested under a province or ambit still read the tables.
interface Territory {
  ambits: Map<string, AmbitRow>;
  provinces: Map<string, ProvinceRow>;
  municipalities: Map<string, MunicipalityRow>;
  /** The same, in ISTAT-code order (the order of their pages). */
  municipalitiesInOrder: MunicipalityRow[];
}

const territory = referenceSnapshot(async (db: Kysely<AnciDatabase>): Promise<Territory> => {
  const [ambits, provinces, municipalities] = await Promise.all([
    db.selectFrom('ambit').selectAll().orderBy('code').execute(),
    db.selectFrom('province').selectAll().orderBy('istat_code').execute(),
    db.selectFrom('municipality').selectAll().orderBy('istat_code').execute(),
  ]);
  const provinceByCode = new Map(provinces.map((p) => [p.code, p]));
  const placed = municipalities
    .filter((m) => provinceByCode.has(m.province_code))
    .map((m) => ({ ...m, ambit_code: provinceByCode.get(m.province_code)!.ambit_code }));
  return {
    ambits: new Map(ambits.map((a) => [a.code, a])),
    provinces: provinceByCode,
    municipalities: new Map(placed.map((m) => [m.istat_code, m])),
    municipalitiesInOrder: placed,
  };
});

/** Drops the snapshot of `db`'s territory (the seed calls it): the next lookup reads the tables. */
export const forgetTerritory = (db: Kysely<AnciDatabase>) => territory.forget(db);

export async function ambitsByCode(db: Kysely<AnciDatabase>, codes: readonly string[]): Promise<AmbitRow[]> {
  return rowsByKeys((await territory.of(db)).ambits, codes);
}

export async function allAmbits(db: Kysely<AnciDatabase>): Promise<AmbitRow[]> {
  return [...(await territory.of(db)).ambits.values()];
}

export async function provincesByCode(db: Kysely<AnciDatabase>, codes: readonly string[]): Promise<ProvinceRow[]> {
  return rowsByKeys((await territory.of(db)).provinces, codes);
}

export async function provincesOfAmbits(db: Kysely<AnciDatabase>, ambitCodes: readonly string[]): Promise<ProvinceRow[]> {
  const wanted = new Set(ambitCodes);
  return [...(await territory.of(db)).provinces.values()].filter((p) => wanted.has(p.ambit_code));
}

export async function allProvinces(db: Kysely<AnciDatabase>, ambitCode?: string | null): Promise<ProvinceRow[]> {
  const provinces = [...(await territory.of(db)).provinces.values()];
  return ambitCode ? provinces.filter((p) => p.ambit_code === ambitCode) : provinces;
}

function municipalities(db: Kysely<AnciDatabase>) {
  return db
    .selectFrom('municipality as m')
    .innerJoin('province as p', 'p.code', 'm.province_code')
    .select(['m.istat_code', 'm.name', 'm.province_code', 'p.ambit_code']);
}

export async function municipalitiesByCode(db: Kysely<AnciDatabase>, codes: readonly string[]): Promise<MunicipalityRow[]> {
  return rowsByKeys((await territory.of(db)).municipalities, codes);
}

export async function municipalityPage(db: Kysely<AnciDatabase>, filter: MunicipalityFilter, args: PageArgs) {
  // By province or ambit from the snapshot; a name search is the database's (its ilike, its case folding).
  if (!filter.nameContains) {
    const rows = (await territory.of(db)).municipalitiesInOrder.filter(
      (m) => (!filter.provinceCode || m.province_code === filter.provinceCode) && (!filter.ambitCode || m.ambit_code === filter.ambitCode),
    );
    return keysetPageOf(rows, { keyLength: 1, key: (row) => [row.istat_code], args });
  }
  let query = municipalities(db);
  if (filter.provinceCode) query = query.where('m.province_code', '=', filter.provinceCode);
  if (filter.ambitCode) query = query.where('p.ambit_code', '=', filter.ambitCode);
  if (filter.nameContains) query = query.where('m.name', 'ilike', containsPattern(filter.nameContains));
  return keysetPage(query, { orderBy: ['m.istat_code'], key: (row) => [row.istat_code], args });
}
