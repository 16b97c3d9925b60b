import { sql, type Kysely } from 'kysely';

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

// The information materials of a campaign (one row per language version) and its events.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('material')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in (${list(['LEAFLET', 'POSTER', 'VIDEO', 'WEB_PAGE', 'RADIO_SPOT', 'EVENT_KIT', 'INFO_PACK'])})`),
    )
    .addColumn('language_code', 'char(2)', (c) => c.notNull().references('language.code'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('published_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('material_published_idx').on('material').columns(['published_on', 'id']).execute();
  await db.schema.createIndex('material_campaign_idx').on('material').columns(['campaign_id', 'published_on', 'id']).execute();
  await db.schema
    .createTable('event')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in (${list(['INFO_DAY', 'PUBLIC_MEETING', 'WORKSHOP', 'SCHOOL_MEETING', 'COMMUNITY_FESTIVAL', 'INFO_DESK'])})`),
    )
    .addColumn('municipality_code', 'char(6)', (c) => c.notNull().check(sql`municipality_code ~ '^[0-9]{6}$'`))
    .addColumn('held_on', 'date', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_held_idx').on('event').columns(['held_on', 'id']).execute();
  await db.schema.createIndex('event_campaign_idx').on('event').columns(['campaign_id', 'held_on', 'id']).execute();
  await db.schema.createIndex('event_municipality_idx').on('event').columns(['municipality_code', 'held_on', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('event').execute();
  await db.schema.dropTable('material').execute();
}
