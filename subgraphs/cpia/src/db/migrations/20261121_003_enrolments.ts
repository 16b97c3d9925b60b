import { createParticipantTable } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';

// The people the network serves and their enrolments. Personal data stays in this database; the
// pseudonym (HMAC of the fiscal code with the project's linkage key) is what joins partners.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createParticipantTable(db);

  const level = (column: string) => sql`${sql.ref(column)} in ('PRE_A1', 'A1', 'A2', 'B1', 'B2')`;
  await db.schema
    .createTable('enrolment')
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('participant.id'))
    .addColumn('course_id', 'integer', (c) => c.notNull().references('course.id'))
    .addColumn('enrolled_on', 'date', (c) => c.notNull())
    .addColumn('entry_level', 'text', (c) => c.check(level('entry_level')))
    .addColumn('exit_level', 'text', (c) => c.check(level('exit_level')))
    .addColumn('hours_attended', sql`numeric(6,1)`, (c) => c.notNull().defaultTo(0).check(sql`hours_attended >= 0`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('ENROLLED', 'ATTENDING', 'COMPLETED', 'WITHDRAWN')`))
    .addColumn('certificate_issued', 'boolean', (c) => c.notNull().defaultTo(false))
    .addPrimaryKeyConstraint('enrolment_pk', ['participant_id', 'course_id'])
    // The exit level is assessed, and a certificate issued, only on completing the course.
    .addCheckConstraint('enrolment_exit_on_completion', sql`exit_level is null or status = 'COMPLETED'`)
    .addCheckConstraint('enrolment_certificate_on_completion', sql`not certificate_issued or status = 'COMPLETED'`)
    .execute();
  await db.schema.createIndex('enrolment_course_idx').on('enrolment').columns(['course_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('enrolment').execute();
  await db.schema.dropTable('participant').execute();
}
