import { createFactsVersion, dropFactsVersion } from '@pleiadi/kit';
import type { Kysely } from 'kysely';

// The version of the data the indicator facts read (kit facts-version.ts): kept facts of a period
// serve later reports until a write to one of these tables. A table that starts to feed the facts
// gets its trigger in the same migration (addFactsVersionTrigger).
const FACT_TABLES = ['participant', 'service_point', 'case_taking', 'service_delivery', 'integration_survey', 'community_activity', 'activity_attendance'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await createFactsVersion(db, FACT_TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropFactsVersion(db, FACT_TABLES);
}
