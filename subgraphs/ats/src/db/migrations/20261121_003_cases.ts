import { createParticipantTable } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';

// The people the consortium serves, their case-taking (presa in carico) and the services
// delivered. Personal data stays here: the graph exposes none of it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createParticipantTable(db);
  await db.schema
    .createTable('case_taking')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('participant_id', 'integer', (c) => c.notNull().references('participant.id'))
    .addColumn('service_point_id', 'integer', (c) => c.notNull().references('service_point.id'))
    .addColumn('opened_on', 'date', (c) => c.notNull())
    .addColumn('closed_on', 'date')
    .addColumn('referral_source', 'text', (c) =>
      c.notNull().check(sql`referral_source in ('SELF', 'MUNICIPALITY_SOCIAL_SERVICES', 'CPIA', 'PREFECTURE', 'HEALTH_SERVICES', 'ASSOCIATION', 'OUTREACH')`),
    )
    .addCheckConstraint('case_taking_dates', sql`closed_on is null or closed_on >= opened_on`)
    .execute();
  await db.schema.createIndex('case_taking_participant_idx').on('case_taking').column('participant_id').execute();
  await db.schema.createIndex('case_taking_point_idx').on('case_taking').columns(['service_point_id', 'opened_on']).execute();
  await db.schema
    .createTable('service_delivery')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('case_id', 'integer', (c) => c.notNull().references('case_taking.id'))
    .addColumn('kind', 'text', (c) =>
      c
        .notNull()
        .check(sql`kind in ('ORIENTATION', 'INTERCULTURAL_MEDIATION', 'LEGAL_INFORMATION', 'MOBILE_UNIT_OUTREACH', 'MINORS_EDUCATIONAL_ACTIVITY', 'CIVIC_ORIENTATION')`),
    )
    .addColumn('delivered_on', 'date', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.notNull().check(sql`duration_minutes > 0`))
    .addColumn('language', 'char(2)', (c) => c.notNull().check(sql`language ~ '^[a-z]{2}$'`))
    // A staff code such as MED-BO-007: the mediator's name is staff data and stays out of this table.
    .addColumn('mediator_code', 'text', (c) => c.check(sql`mediator_code ~ '^[A-Z]{3}-[A-Z]{2}-[0-9]{3}$'`))
    .execute();
  await db.schema.createIndex('service_delivery_case_idx').on('service_delivery').columns(['case_id', 'delivered_on']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['service_delivery', 'case_taking', 'participant']) await db.schema.dropTable(table).execute();
}
