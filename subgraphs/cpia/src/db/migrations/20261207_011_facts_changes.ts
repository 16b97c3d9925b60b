import { createFactsChanges, dropFactsChanges, type FactsRowPeople } from '@pleiadi/kit';
import type { Kysely } from 'kysely';

// Which people each write touched (kit facts-version.ts): kept indicator facts re-read only them.
// Sites and courses place and date everyone's enrolments: editing one re-reads everyone.
const FACT_TABLES: Record<string, FactsRowPeople> = {
  participant: { column: 'id' },
  enrolment: { column: 'participant_id' },
  integration_survey: { column: 'participant_id' },
  site: 'anyone',
  course: 'anyone',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await createFactsChanges(db, FACT_TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropFactsChanges(db, FACT_TABLES);
}
