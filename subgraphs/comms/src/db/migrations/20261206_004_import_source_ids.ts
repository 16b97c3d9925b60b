import { addSourceIdColumns } from '@pleiadi/kit/import';
import type { Kysely } from 'kysely';

// Media Group98's operators import campaigns, materials, events and reach figures with their own
// identifiers (docs/imports/comms.md): a re-imported file updates the same records in place.
const TABLES = ['campaign', 'material', 'event', 'reach_figure'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await addSourceIdColumns(db, TABLES);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await db.schema.alterTable(table).dropColumn('source_id').execute();
}
