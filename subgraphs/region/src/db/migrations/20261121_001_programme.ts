import { sql, type Kysely } from 'kysely';

// The programme, its actions and their objectives, the partner registry and reporting periods.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('partner')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[a-z0-9-]+$'`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('is_lead', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('subgraph', 'text')
    .execute();
  // Ambit codes are owned by ANCI's subgraph; here they are plain references.
  await db.schema
    .createTable('partner_ambit')
    .addColumn('partner_id', 'text', (c) => c.notNull().references('partner.id'))
    .addColumn('ambit_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_ambit_pk', ['partner_id', 'ambit_code'])
    .execute();
  await db.schema.createIndex('partner_ambit_ambit_idx').on('partner_ambit').columns(['ambit_code', 'partner_id']).execute();
  await db.schema
    .createTable('programme')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('fund', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('budget_eur', sql`numeric(12,2)`, (c) => c.notNull())
    .addColumn('lead_partner_id', 'text', (c) => c.notNull().references('partner.id'))
    .execute();
  await db.schema
    .createTable('action')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('beneficiaries', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('action_objective')
    .addColumn('action_code', 'text', (c) => c.notNull().references('action.code'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('action_objective_pk', ['action_code', 'position'])
    .execute();
  await db.schema
    .createTable('reporting_period')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('QUARTER', 'YEAR')`))
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addCheckConstraint('reporting_period_dates', sql`starts_on <= ends_on`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['reporting_period', 'action_objective', 'action', 'programme', 'partner_ambit', 'partner']) {
    await db.schema.dropTable(table).execute();
  }
}
