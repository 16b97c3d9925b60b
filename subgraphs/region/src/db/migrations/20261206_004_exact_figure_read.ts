import { sql, type Kysely } from 'kysely';

// The region's own audit of exact indicator figures: who read true counts of people (small ones
// included) under the official-statistics purpose, of which period, action and scopes. Append-only
// like the partners' audit trails: a trigger refuses UPDATE, DELETE and TRUNCATE.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('exact_figure_read')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('subject', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('operation_name', 'text')
    .addColumn('operation_hash', 'text')
    .addColumn('period_from', 'date', (c) => c.notNull())
    .addColumn('period_to', 'date', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('scopes', sql`text[]`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('exact_figure_read_time_idx').on('exact_figure_read').columns(['recorded_at', 'id']).execute();
  await sql`create function exact_figure_read_is_append_only() returns trigger language plpgsql as $$
    begin raise exception 'exact_figure_read is append-only'; end $$`.execute(db);
  await sql`create trigger exact_figure_read_append_only before update or delete or truncate on exact_figure_read
    for each statement execute function exact_figure_read_is_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('exact_figure_read').execute();
  await sql`drop function exact_figure_read_is_append_only()`.execute(db);
}
