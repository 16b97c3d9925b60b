import { createFactsChanges, dropFactsChanges, type FactsRowPeople } from '@pleiadi/kit';
import type { Kysely } from 'kysely';

// Which people each write touched (kit facts-version.ts): kept indicator facts re-read only them.
// Services and survey answers are the person's through their case; editing a service point or an
// activity re-reads everyone.
const FACT_TABLES: Record<string, FactsRowPeople> = {
  participant: { column: 'id' },
  case_taking: { column: 'participant_id' },
  service_delivery: { via: 'case_taking', key: 'case_id' },
  integration_survey: { via: 'case_taking', key: 'case_id' },
  activity_attendance: { column: 'participant_id' },
  service_point: 'anyone',
  community_activity: 'anyone',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await createFactsChanges(db, FACT_TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropFactsChanges(db, FACT_TABLES);
}
