import { sql, type Kysely } from 'kysely';

// Capacity building for the operators of public and private services (Azione 01).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('operator_training')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('hours', sql`numeric(6,1)`, (c) => c.notNull().check(sql`hours > 0`))
    .addColumn('ambit_code', 'text', (c) => c.references('ambit.code'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('IN_PERSON', 'ONLINE', 'BLENDED')`))
    .addCheckConstraint('operator_training_dates', sql`starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('operator_training_dates_idx').on('operator_training').columns(['starts_on', 'id']).execute();
  await db.schema
    .createTable('training_attendance')
    .addColumn('training_id', 'integer', (c) => c.notNull().references('operator_training.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('operators', 'integer', (c) => c.notNull().check(sql`operators > 0`))
    .addColumn('hours_attended', sql`numeric(6,1)`, (c) => c.notNull())
    .addPrimaryKeyConstraint('training_attendance_pk', ['training_id', 'organisation_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('training_attendance').execute();
  await db.schema.dropTable('operator_training').execute();
}
