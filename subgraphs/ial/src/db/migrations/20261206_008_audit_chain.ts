import { addAuditChain } from '@pleiadi/kit';
import type { Kysely } from 'kysely';

// Per-person audit and a tamper-evident trail: each audit record lists which of this database's
// participants the request read (their ids here, never leaving this database), carries the hash
// of the record before it, and only retention (behind an anchor record) may remove records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await addAuditChain(db);
}

// No way down: dropping the chain would make the trail unverifiable.
export async function down(): Promise<void> {
  throw new Error('The audit chain cannot be removed.');
}
