import type { Kysely } from 'kysely';

// The network's operators look their participants up by municipality of residence; pages are in
// id order. (Fiscal code and pseudonym already have their unique indexes; enrolments of a
// participant use the enrolment primary key, which starts with participant_id.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('participant_residence_idx').on('participant').columns(['residence_municipality', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('participant_residence_idx').execute();
}
