import { addSourceIdColumns } from '@pleiadi/kit/import';
import type { Kysely } from 'kysely';

// Each record the network's operators import carries their own identifier of it (the number in
// their management software or spreadsheet): a re-imported file updates the same records in
// place instead of adding them twice. Records made before (demo data) have none until a file
// names them (participants are matched by fiscal code).
export async function up(db: Kysely<unknown>): Promise<void> {
  await addSourceIdColumns(db, ['participant', 'course', 'enrolment', 'integration_survey']);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['participant', 'course', 'enrolment', 'integration_survey']) await db.schema.alterTable(table).dropColumn('source_id').execute();
}
