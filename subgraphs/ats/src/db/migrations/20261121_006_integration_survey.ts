import type { Kysely } from 'kysely';

// Whether a person taken in charge says the support helped their integration (AMIF result
// indicator R.2.9): answers to the consortium's survey, each on a date within its case.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integration_survey')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_taking.id'))
    .addColumn('answered_on', 'date', (c) => c.notNull())
    .addColumn('helped_integration', 'boolean', (c) => c.notNull())
    .execute();
  // The indicator facts read the answers of a period.
  await db.schema.createIndex('integration_survey_answered_idx').on('integration_survey').columns(['answered_on', 'case_id']).execute();
  await db.schema.createIndex('integration_survey_case_idx').on('integration_survey').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('integration_survey').execute();
}
