import { sql, type Kysely } from 'kysely';

// What happens on a job path before work: orientation sessions, skills assessments (messa in
// trasparenza delle competenze) and applications to recognise a qualification obtained abroad.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orientation_session')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('job_path_id', 'integer', (c) => c.notNull().references('job_path.id'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('minutes', 'integer', (c) => c.notNull().check(sql`minutes between 1 and 600`))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('INDIVIDUAL_GUIDANCE', 'GROUP_WORKSHOP', 'CV_LAB')`))
    .execute();
  await db.schema.createIndex('orientation_session_path_idx').on('orientation_session').columns(['job_path_id', 'held_on']).execute();
  await db.schema
    .createTable('skills_assessment')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('job_path_id', 'integer', (c) => c.notNull().references('job_path.id'))
    .addColumn('completed_on', 'date', (c) => c.notNull())
    .addColumn('outcome_document', 'text', (c) =>
      c.notNull().check(sql`outcome_document in ('EVIDENCE_DOSSIER', 'SKILLS_CARD', 'COMPETENCE_CERTIFICATE', 'EU_SKILLS_PROFILE')`),
    )
    .execute();
  await db.schema.createIndex('skills_assessment_path_idx').on('skills_assessment').column('job_path_id').execute();
  await db.schema
    .createTable('qualification_recognition')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('job_path_id', 'integer', (c) => c.notNull().references('job_path.id'))
    .addColumn('country', 'char(2)', (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn('qualification_kind', 'text', (c) =>
      c.notNull().check(sql`qualification_kind in ('SCHOOL_DIPLOMA', 'VOCATIONAL', 'DEGREE', 'PROFESSIONAL_LICENCE')`),
    )
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('PENDING', 'RECOGNISED', 'PARTIALLY_RECOGNISED', 'REJECTED')`))
    .execute();
  await db.schema.createIndex('qualification_recognition_path_idx').on('qualification_recognition').column('job_path_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['qualification_recognition', 'skills_assessment', 'orientation_session']) {
    await db.schema.dropTable(table).execute();
  }
}
