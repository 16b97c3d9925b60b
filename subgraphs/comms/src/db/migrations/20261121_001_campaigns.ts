import { sql, type Kysely } from 'kysely';

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

// Campaigns, the territory and languages they target. Ambit and municipality codes belong to
// anci's master data in another database, so they are checked by shape here, not by foreign key.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('language')
    .addColumn('code', 'char(2)', (c) => c.primaryKey().check(sql`code ~ '^[a-z]{2}$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('native_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('campaign')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('action_code', 'text', (c) => c.notNull().check(sql`action_code in (${list(['AZ01', 'AZ02', 'AZ03'])})`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('objective', 'text', (c) => c.notNull())
    .addColumn('channels', sql`text[]`, (c) =>
      c.notNull().check(sql`cardinality(channels) > 0 and channels <@ array[${list(['PRINT', 'WEB', 'SOCIAL_MEDIA', 'RADIO', 'VIDEO', 'EVENT', 'NEWSLETTER'])}]::text[]`),
    )
    .addCheckConstraint('campaign_dates', sql`starts_on <= ends_on`)
    .execute();
  await db.schema.createIndex('campaign_dates_idx').on('campaign').columns(['starts_on', 'id']).execute();
  await db.schema
    .createTable('campaign_ambit')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('ambit_code', 'text', (c) => c.notNull().check(sql`ambit_code ~ '^[A-Z][A-Z_]+$'`))
    .addPrimaryKeyConstraint('campaign_ambit_pk', ['campaign_id', 'ambit_code'])
    .execute();
  await db.schema.createIndex('campaign_ambit_ambit_idx').on('campaign_ambit').columns(['ambit_code', 'campaign_id']).execute();
  await db.schema
    .createTable('campaign_municipality')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().check(sql`municipality_code ~ '^[0-9]{6}$'`))
    .addPrimaryKeyConstraint('campaign_municipality_pk', ['campaign_id', 'municipality_code'])
    .execute();
  await db.schema
    .createIndex('campaign_municipality_code_idx')
    .on('campaign_municipality')
    .columns(['municipality_code', 'campaign_id'])
    .execute();
  await db.schema
    .createTable('campaign_language')
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('language_code', 'char(2)', (c) => c.notNull().references('language.code'))
    .addPrimaryKeyConstraint('campaign_language_pk', ['campaign_id', 'language_code'])
    .execute();
  await db.schema.createIndex('campaign_language_code_idx').on('campaign_language').columns(['language_code', 'campaign_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['campaign_language', 'campaign_municipality', 'campaign_ambit', 'campaign', 'language']) {
    await db.schema.dropTable(table).execute();
  }
}
