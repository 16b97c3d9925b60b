import { sql, type Kysely } from 'kysely';

// Employers of IAL's network, the traineeships (tirocini) they host and the placements they make.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('employer')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().references('municipality.istat_code'))
    .addColumn('ateco_code', 'char(2)', (c) => c.notNull().references('ateco_division.code'))
    .addColumn('size_band', 'text', (c) => c.notNull().check(sql`size_band in ('MICRO', 'SMALL', 'MEDIUM', 'LARGE')`))
    .execute();
  await db.schema.createIndex('employer_municipality_idx').on('employer').columns(['municipality_code', 'id']).execute();
  await db.schema.createIndex('employer_ateco_idx').on('employer').columns(['ateco_code', 'id']).execute();
  await db.schema
    .createTable('traineeship')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('job_path_id', 'integer', (c) => c.notNull().references('job_path.id'))
    .addColumn('employer_id', 'integer', (c) => c.notNull().references('employer.id'))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('hours_per_week', 'integer', (c) => c.notNull().check(sql`hours_per_week between 1 and 40`))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('ONGOING', 'COMPLETED', 'INTERRUPTED', 'HIRED')`))
    .addCheckConstraint('traineeship_dates', sql`starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('traineeship_path_idx').on('traineeship').column('job_path_id').execute();
  await db.schema.createIndex('traineeship_employer_idx').on('traineeship').columns(['employer_id', 'starts_on']).execute();
  await db.schema
    .createTable('placement')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('job_path_id', 'integer', (c) => c.notNull().references('job_path.id'))
    .addColumn('employer_id', 'integer', (c) => c.notNull().references('employer.id'))
    .addColumn('contract_kind', 'text', (c) => c.notNull().check(sql`contract_kind in ('PERMANENT', 'FIXED_TERM', 'APPRENTICESHIP', 'AGENCY')`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ateco_code', 'char(2)', (c) => c.notNull().references('ateco_division.code'))
    .execute();
  await db.schema.createIndex('placement_path_idx').on('placement').column('job_path_id').execute();
  await db.schema.createIndex('placement_employer_idx').on('placement').columns(['employer_id', 'starts_on']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['placement', 'traineeship', 'employer']) {
    await db.schema.dropTable(table).execute();
  }
}
