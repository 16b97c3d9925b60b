import { sql, type Kysely } from 'kysely';

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

// Monthly reach figures per campaign and channel, optionally attributed to one material or event.
// Each quantity is measured on the channels it makes sense for and is 0 elsewhere, so sums add up.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reach_figure')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaign.id').onDelete('cascade'))
    .addColumn('material_id', 'integer', (c) => c.references('material.id').onDelete('cascade'))
    .addColumn('event_id', 'integer', (c) => c.references('event.id').onDelete('cascade'))
    .addColumn('month', 'date', (c) => c.notNull().check(sql`extract(day from month) = 1`))
    .addColumn('channel', 'text', (c) =>
      c.notNull().check(sql`channel in (${list(['PRINT', 'WEB', 'SOCIAL_MEDIA', 'RADIO', 'VIDEO', 'EVENT', 'NEWSLETTER'])})`),
    )
    .addColumn('copies', 'integer', (c) => c.notNull().defaultTo(0).check(sql`copies >= 0`))
    .addColumn('views', 'integer', (c) => c.notNull().defaultTo(0).check(sql`views >= 0`))
    .addColumn('listeners', 'integer', (c) => c.notNull().defaultTo(0).check(sql`listeners >= 0`))
    .addColumn('attendees', 'integer', (c) => c.notNull().defaultTo(0).check(sql`attendees >= 0`))
    .addCheckConstraint('reach_figure_one_source', sql`material_id is null or event_id is null`)
    .addUniqueConstraint('reach_figure_unique', ['campaign_id', 'month', 'channel', 'material_id', 'event_id'], (u) => u.nullsNotDistinct())
    .execute();
  await db.schema.createIndex('reach_figure_material_idx').on('reach_figure').columns(['material_id', 'month']).where('material_id', 'is not', null).execute();
  await db.schema.createIndex('reach_figure_event_idx').on('reach_figure').columns(['event_id', 'month']).where('event_id', 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reach_figure').execute();
}
