import { createTerritoryTables } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';

// Territory master data: ambits, provinces (each in one ambit: data, not code), municipalities.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ambit')
    .addColumn('code', 'text', (c) => c.primaryKey().check(sql`code ~ '^[A-Z][A-Z_]+$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .execute();
  await createTerritoryTables(db);
  await db.schema.alterTable('province').addForeignKeyConstraint('province_ambit_fk', ['ambit_code'], 'ambit', ['code']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('municipality').execute();
  await db.schema.dropTable('province').execute();
  await db.schema.dropTable('ambit').execute();
}
