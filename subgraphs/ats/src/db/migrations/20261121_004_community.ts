import { sql, type Kysely } from 'kysely';

// Migrant associations and the community activities of Azione 03, with who attended (never
// exposed: attendance is personal data).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('migrant_association')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().check(sql`municipality_code ~ '^[0-9]{6}$'`))
    .addColumn('communities', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`).check(sql`array_to_string(communities, ',') ~ '^([A-Z]{2}(,[A-Z]{2})*)?$'`))
    .execute();
  await db.schema.createIndex('migrant_association_municipality_idx').on('migrant_association').columns(['municipality_code', 'id']).execute();
  await db.schema
    .createTable('community_activity')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('SPORT', 'CULTURE', 'DIALOGUE', 'INFORMATION')`))
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().check(sql`municipality_code ~ '^[0-9]{6}$'`))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .addColumn('association_id', 'integer', (c) => c.references('migrant_association.id'))
    .execute();
  await db.schema.createIndex('community_activity_date_idx').on('community_activity').columns(['held_on', 'id']).execute();
  await db.schema.createIndex('community_activity_municipality_idx').on('community_activity').columns(['municipality_code', 'held_on', 'id']).execute();
  await db.schema.createIndex('community_activity_association_idx').on('community_activity').columns(['association_id', 'held_on', 'id']).execute();
  await db.schema
    .createTable('activity_attendance')
    .addColumn('activity_id', 'integer', (c) => c.notNull().references('community_activity.id'))
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('participant.id'))
    .addPrimaryKeyConstraint('activity_attendance_pk', ['activity_id', 'participant_id'])
    .execute();
  await db.schema.createIndex('activity_attendance_participant_idx').on('activity_attendance').column('participant_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['activity_attendance', 'community_activity', 'migrant_association']) await db.schema.dropTable(table).execute();
}
