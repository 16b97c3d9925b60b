import { createTerritoryTables } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';

// Reference data: the territory as IAL places its records (ISTAT list, province→ambit mapping as
// data), the ATECO 2007 classification, and IAL's offices (sedi), one per province capital.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createTerritoryTables(db);
  await db.schema
    .createTable('ateco_section')
    .addColumn('code', 'char(1)', (c) => c.primaryKey().check(sql`code ~ '^[A-U]$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ateco_division')
    .addColumn('code', 'char(2)', (c) => c.primaryKey().check(sql`code ~ '^[0-9]{2}$'`))
    .addColumn('section_code', 'char(1)', (c) => c.notNull().references('ateco_section.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('office')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^ial-[a-z]{2}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().references('municipality.istat_code'))
    .addColumn('province_code', 'char(2)', (c) => c.notNull().unique().references('province.code'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['office', 'ateco_division', 'ateco_section', 'municipality', 'province']) {
    await db.schema.dropTable(table).execute();
  }
}
