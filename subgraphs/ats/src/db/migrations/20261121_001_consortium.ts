import { sql, type Kysely } from 'kysely';

// The lead partner of each ambit's consortium. Every store holds all four rows, so any one of
// them can route a partner's question to the stores of its ambits.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('consortium')
    .addColumn('ambit_code', 'text', (c) => c.primaryKey().check(sql`ambit_code ~ '^[A-Z][A-Z_]+$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('lead_partner_id', 'text', (c) => c.notNull().check(sql`lead_partner_id ~ '^[a-z0-9-]+$'`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('consortium').execute();
}
