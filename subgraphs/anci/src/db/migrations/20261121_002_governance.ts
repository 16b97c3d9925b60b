import { sql, type Kysely } from 'kysely';

// Governance tables (tavoli), their member organisations and their meetings (Azione 01).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisation')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('municipality_code', 'char(6)', (c) => c.references('municipality.istat_code'))
    .execute();
  await db.schema
    .createTable('governance_table')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('REGIONAL', 'TERRITORIAL', 'MUNICIPAL')`))
    .addColumn('topic', 'text', (c) => c.notNull())
    .addColumn('ambit_code', 'text', (c) => c.references('ambit.code'))
    .addColumn('municipality_code', 'char(6)', (c) => c.references('municipality.istat_code'))
    .addColumn('established_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('governance_table_member')
    .addColumn('table_id', 'integer', (c) => c.notNull().references('governance_table.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('CHAIR', 'MEMBER')`))
    .addColumn('joined_on', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('governance_table_member_pk', ['table_id', 'organisation_id'])
    .execute();
  await db.schema
    .createTable('meeting')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('table_id', 'integer', (c) => c.notNull().references('governance_table.id'))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('outcomes', 'text')
    .execute();
  await db.schema.createIndex('meeting_table_idx').on('meeting').columns(['table_id', 'held_on']).execute();
  await db.schema
    .createTable('meeting_attendance')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meeting.id'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
    .addPrimaryKeyConstraint('meeting_attendance_pk', ['meeting_id', 'organisation_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['meeting_attendance', 'meeting', 'governance_table_member', 'governance_table', 'organisation']) {
    await db.schema.dropTable(table).execute();
  }
}
