import { sql, type Kysely } from 'kysely';

// Service points (sportelli) of the ambit: where people are taken in charge and served.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('service_point')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().check(sql`municipality_code ~ '^[0-9]{6}$'`))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('INFORMATION_DESK', 'SOCIAL_SERVICES_DESK', 'MOBILE_UNIT_BASE', 'SCHOOL_DESK', 'LEGAL_DESK')`),
    )
    .addColumn('opening_hours', 'text', (c) => c.notNull())
    .addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`).check(sql`array_to_string(languages, ',') ~ '^([a-z]{2}(,[a-z]{2})*)?$'`))
    .addColumn('service_kinds', sql`text[]`, (c) =>
      c
        .notNull()
        .defaultTo(sql`'{}'`)
        .check(
          sql`service_kinds <@ array['ORIENTATION', 'INTERCULTURAL_MEDIATION', 'LEGAL_INFORMATION', 'MOBILE_UNIT_OUTREACH', 'MINORS_EDUCATIONAL_ACTIVITY', 'CIVIC_ORIENTATION']::text[]`,
        ),
    )
    .execute();
  await db.schema.createIndex('service_point_municipality_idx').on('service_point').columns(['municipality_code', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('service_point').execute();
}
