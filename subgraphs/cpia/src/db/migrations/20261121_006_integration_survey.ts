import type { Kysely } from 'kysely';

// The short questionnaire learners answer after a course: did it help their integration? Feeds
// AMIF result indicator R.2.9. One answer per person and course; the facts for the regional
// tables read it by answer date, hence the index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integration_survey')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('participant.id'))
    .addColumn('course_id', 'integer', (c) => c.notNull().references('course.id'))
    .addColumn('answered_on', 'date', (c) => c.notNull())
    .addColumn('helped_integration', 'boolean', (c) => c.notNull())
    .addUniqueConstraint('integration_survey_once', ['participant_id', 'course_id'])
    .execute();
  await db.schema.createIndex('integration_survey_answered_idx').on('integration_survey').columns(['answered_on', 'course_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('integration_survey').execute();
}
