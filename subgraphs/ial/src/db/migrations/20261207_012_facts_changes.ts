import { createFactsChanges, dropFactsChanges, type FactsRowPeople } from '@pleiadi/kit';
import type { Kysely } from 'kysely';

// Which people each write touched (kit facts-version.ts): kept indicator facts re-read only them.
// Sessions, recognitions and survey answers are the person's through their job path; editing an
// office re-reads everyone.
const FACT_TABLES: Record<string, FactsRowPeople> = {
  participant: { column: 'id' },
  job_path: { column: 'participant_id' },
  orientation_session: { via: 'job_path', key: 'job_path_id' },
  qualification_recognition: { via: 'job_path', key: 'job_path_id' },
  integration_survey: { via: 'job_path', key: 'job_path_id' },
  office: 'anyone',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await createFactsChanges(db, FACT_TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropFactsChanges(db, FACT_TABLES);
}
