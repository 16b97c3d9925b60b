import { sql, type Kysely } from 'kysely';

// Courses the sites run: Italian L2 by CEFR level, civic orientation, digital skills (Azione 02).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('course')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('site_id', 'integer', (c) => c.notNull().references('site.id'))
    .addColumn('kind', 'text', (c) => c.notNull().references('course_kind.code'))
    .addColumn('action_code', 'text', (c) => c.notNull().check(sql`action_code ~ '^AZ0[1-3]$'`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('hours', sql`numeric(6,1)`, (c) => c.notNull().check(sql`hours > 0`))
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn('cefr_target', 'text', (c) => c.check(sql`cefr_target in ('PRE_A1', 'A1', 'A2', 'B1', 'B2')`))
    .addCheckConstraint('course_dates', sql`starts_on <= ends_on`)
    // Language courses, and only they, aim at a CEFR level.
    .addCheckConstraint('course_language_target', sql`(kind like 'ITALIAN_L2_%') = (cefr_target is not null)`)
    .execute();
  await db.schema.createIndex('course_dates_idx').on('course').columns(['starts_on', 'id']).execute();
  await db.schema.createIndex('course_site_idx').on('course').columns(['site_id', 'starts_on', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('course').execute();
}
