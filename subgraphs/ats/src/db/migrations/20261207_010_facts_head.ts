import { addFactsHead, dropFactsHead } from '@pleiadi/kit';
import type { Kysely } from 'kysely';

// The head of each person's packed indicator-fact rows, kept by PostgreSQL (kit people-facts.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await addFactsHead(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropFactsHead(db);
}
