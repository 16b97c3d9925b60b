import { createAuditTable } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';

// The append-only audit trail of who reached the ambit's personal and pseudonymous data. Each
// ambit's database keeps the records of the requests that touched its own data.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditTable(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_record').execute();
  await sql`drop function if exists audit_record_is_append_only()`.execute(db);
}
