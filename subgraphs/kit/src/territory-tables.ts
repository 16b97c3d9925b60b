// Provinces and municipalities as tables, for the subgraphs that join their own records to the
// territory in SQL (anci owns it; ial filters employers by province and ambit). Names follow the
// ISTAT list on every start; the province→ambit mapping is only inserted when missing, so a
// correction made in the database stays.
import { sql, type Kysely } from 'kysely';
import { DEFAULT_AMBITS, emiliaRomagnaMunicipalities, emiliaRomagnaProvinces } from './territory.ts';

export interface TerritoryTables {
  province: { code: string; istat_code: string; name: string; ambit_code: string };
  municipality: { istat_code: string; name: string; province_code: string };
}

/** For a dated migration. */
export async function createTerritoryTables(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('province')
    .addColumn('code', 'char(2)', (c) => c.primaryKey())
    .addColumn('istat_code', 'char(3)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ambit_code', 'text', (c) => c.notNull().check(sql`ambit_code ~ '^[A-Z][A-Z_]+$'`))
    .execute();
  await db.schema
    .createTable('municipality')
    .addColumn('istat_code', 'char(6)', (c) => c.primaryKey().check(sql`istat_code ~ '^[0-9]{6}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province_code', 'char(2)', (c) => c.notNull().references('province.code'))
    .execute();
  await db.schema.createIndex('municipality_province_idx').on('municipality').columns(['province_code', 'istat_code']).execute();
}

/** Takes any subgraph database (or transaction) that has the two tables of `TerritoryTables`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function seedTerritoryTables(db: Kysely<any>): Promise<void> {
  const tx = db as Kysely<TerritoryTables>;
  const municipalities = emiliaRomagnaMunicipalities();
  const ambitOf = new Map<string, string>(DEFAULT_AMBITS.flatMap((a) => a.provinces.map((p) => [p, a.code] as const)));
  await tx
    .insertInto('province')
    .values(
      emiliaRomagnaProvinces(municipalities).map((p) => {
        const ambit = ambitOf.get(p.code);
        if (!ambit) throw new Error(`Province ${p.code} has no ambit in the default mapping`);
        return { code: p.code, istat_code: p.istatCode, name: p.name, ambit_code: ambit };
      }),
    )
    .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
    .execute();
  await tx
    .insertInto('municipality')
    .values(municipalities.map((m) => ({ istat_code: m.istatCode, name: m.name, province_code: m.provinceCode })))
    .onConflict((oc) =>
      oc.column('istat_code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), province_code: eb.ref('excluded.province_code') })),
    )
    .execute();
}
