import { sql, type Kysely } from 'kysely';

// The indicator catalogue as data: definitions, the partner subgraphs that feed them, targets.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('indicator_definition')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('wording', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('OUTPUT', 'RESULT')`))
    .addColumn('unit', 'text', (c) => c.notNull().check(sql`unit in ('PERSONS', 'AUTHORITIES', 'ITEMS')`))
    .addColumn('parent_code', 'text', (c) => c.references('indicator_definition.code'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('counts_people', 'boolean', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('indicator_feed')
    .addColumn('indicator_code', 'text', (c) => c.notNull().references('indicator_definition.code'))
    .addColumn('subgraph', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_feed_pk', ['indicator_code', 'subgraph'])
    .execute();
  await db.schema
    .createTable('indicator_target')
    .addColumn('indicator_code', 'text', (c) => c.notNull().references('indicator_definition.code'))
    .addColumn('scope_kind', 'text', (c) => c.notNull().check(sql`scope_kind in ('REGION', 'AMBIT')`))
    .addColumn('scope_code', 'text', (c) => c.notNull())
    .addColumn('target_value', 'integer', (c) => c.notNull().check(sql`target_value >= 0`))
    .addColumn('due_by', 'date', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_target_pk', ['indicator_code', 'scope_kind', 'scope_code', 'due_by'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['indicator_target', 'indicator_feed', 'indicator_definition']) await db.schema.dropTable(table).execute();
}
