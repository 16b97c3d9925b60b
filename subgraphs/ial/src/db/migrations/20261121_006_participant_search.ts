import type { Kysely } from 'kysely';

// IAL's operators look their participants up by municipality of residence; pages are in id order.
// (Fiscal code and pseudonym have their unique indexes; job paths of a participant and the steps
// of a job path have theirs since 002–004.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('participant_residence_idx').on('participant').columns(['residence_municipality', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('participant_residence_idx').execute();
}
