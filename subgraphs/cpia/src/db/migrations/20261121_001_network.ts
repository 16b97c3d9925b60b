import { sql, type Kysely } from 'kysely';

// The CPIA network: one institute per province (the Bologna one leads the network), their
// sites (sedi), and the kinds of course they run.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('institute')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[a-z0-9-]+$'`))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('province_code', 'char(2)', (c) => c.notNull().unique())
    .addColumn('seat_municipality_code', 'char(6)', (c) => c.notNull().check(sql`seat_municipality_code ~ '^[0-9]{6}$'`))
    .addColumn('is_network_lead', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('plan_partner_id', 'text', (c) => c.notNull())
    .execute();
  // A network has one lead.
  await db.schema.createIndex('institute_one_lead_idx').on('institute').column('is_network_lead').unique().where(sql<boolean>`is_network_lead`).execute();

  await db.schema
    .createTable('site')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('institute_id', 'text', (c) => c.notNull().references('institute.id'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().check(sql`municipality_code ~ '^[0-9]{6}$'`))
    .addColumn('ambit_code', 'text', (c) => c.notNull().check(sql`ambit_code ~ '^[A-Z][A-Z_]+$'`))
    .execute();
  await db.schema.createIndex('site_municipality_idx').on('site').columns(['municipality_code', 'id']).execute();
  await db.schema.createIndex('site_ambit_idx').on('site').columns(['ambit_code', 'id']).execute();
  await db.schema.createIndex('site_institute_idx').on('site').columns(['institute_id', 'id']).execute();

  await db.schema
    .createTable('course_kind')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('cefr_target', 'text', (c) => c.check(sql`cefr_target in ('PRE_A1', 'A1', 'A2', 'B1', 'B2')`))
    .addColumn('action_code', 'text', (c) => c.notNull().check(sql`action_code ~ '^AZ0[1-3]$'`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['course_kind', 'site', 'institute']) await db.schema.dropTable(table).execute();
}
