import { sql, type Kysely } from 'kysely';

// Territory master data: ambits, provinces (each in one ambit: data, not code), municipalities.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ambit')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[A-Z][A-Z_]+$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('province')
    .addColumn('code', 'char(2)', (c) => c.primaryKey())
    .addColumn('istat_code', 'char(3)', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ambit_code', 'text', (c) => c.notNull().references('ambit.code'))
    .execute();
  await db.schema
    .createTable('municipality')
    .addColumn('istat_code', 'char(6)', (c) => c.primaryKey().check(sql`istat_code ~ '^[0-9]{6}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('province_code', 'char(2)', (c) => c.notNull().references('province.code'))
    .execute();
  await db.schema.createIndex('municipality_province_idx').on('municipality').columns(['province_code', 'istat_code']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('municipality').execute();
  await db.schema.dropTable('province').execute();
  await db.schema.dropTable('ambit').execute();
}
