import { addSourceIdColumns } from '@pleiadi/kit/import';
import type { Kysely } from 'kysely';

// ANCI's operators import governance and training records with their own identifiers
// (docs/imports/anci.md): a re-imported file updates the same records in place.
const TABLES = ['organisation', 'governance_table', 'governance_table_member', 'meeting', 'meeting_attendance', 'operator_training', 'training_attendance'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await addSourceIdColumns(db, TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('source_id').execute();
}
