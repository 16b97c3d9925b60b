import { createAuditTable } from '@pleiadi/kit';
import { sql, type Kysely } from 'kysely';

// The append-only audit trail of who reached IAL's participants (names, fiscal codes, job paths)
// or its pseudonymous facts about them: who, role, partner, purpose, operation, how many records,
// when — never the data itself. A trigger refuses UPDATE, DELETE and TRUNCATE.
export async function up(db: Kysely<unknown>): Promise<void> {
  await createAuditTable(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_record').execute();
  await sql`drop function if exists audit_record_is_append_only()`.execute(db);
}
