import type { Kysely } from 'kysely';

// The short questionnaire people answer on their job path: did it help their integration? Feeds
// AMIF result indicator R.2.9. The facts for the regional tables read it by answer date, hence
// the index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integration_survey')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('job_path_id', 'integer', (c) => c.notNull().references('job_path.id'))
    .addColumn('answered_on', 'date', (c) => c.notNull())
    .addColumn('helped_integration', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('integration_survey_answered_idx').on('integration_survey').columns(['answered_on', 'job_path_id']).execute();
  await db.schema.createIndex('integration_survey_path_idx').on('integration_survey').column('job_path_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('integration_survey').execute();
}
