import { addSourceIdColumns } from '@pleiadi/kit/import';
import type { Kysely } from 'kysely';

// The consortium's operators import their records with their own identifiers (docs/imports/ats.md):
// a re-imported file updates the same records in place instead of adding them twice.
const TABLES = ['participant', 'service_point', 'case_taking', 'service_delivery', 'migrant_association', 'community_activity', 'activity_attendance', 'integration_survey'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await addSourceIdColumns(db, TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('source_id').execute();
}
