import { createParticipantTable } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';

// The people IAL serves (personal data stays here: the graph never exposes it) and their job paths.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createParticipantTable(db);
  await db.schema
    .createTable('job_path')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('participant.id'))
    .addColumn('office_id', 'text', (c) => c.notNull().references('office.id'))
    .addColumn('started_on', 'date', (c) => c.notNull())
    .addColumn('closed_on', 'date')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('OPEN', 'CLOSED')`))
    // A path is closed exactly when it has a closing date, never before it started.
    .addCheckConstraint('job_path_closure', sql`(status = 'CLOSED') = (closed_on is not null) and (closed_on is null or closed_on >= started_on)`)
    .execute();
  await db.schema.createIndex('job_path_participant_idx').on('job_path').column('participant_id').execute();
  await db.schema.createIndex('job_path_office_idx').on('job_path').columns(['office_id', 'started_on']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('job_path').execute();
  await db.schema.dropTable('participant').execute();
}
