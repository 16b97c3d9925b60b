import { addSourceIdColumns } from '@pleiadi/kit/import';
import type { Kysely } from 'kysely';

// IAL's operators import their records with their own identifiers (see docs/imports/ial.md): a
// re-imported file updates the same records in place instead of adding them twice.
const TABLES = ['participant', 'job_path', 'orientation_session', 'skills_assessment', 'qualification_recognition', 'integration_survey', 'employer', 'traineeship', 'placement'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await addSourceIdColumns(db, TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('source_id').execute();
}
