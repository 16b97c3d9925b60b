// The languages Media Group98 produces materials in: a reference list the seed writes at every
// start, read into a snapshot (the kit's reference-snapshot.ts). Campaign rows carry their
// language codes (campaigns.ts), so a page of campaigns with their languages is one statement.
import { referenceSnapshot, rowsByKeys } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { CommsDatabase } from '../types.ts';

export type LanguageRow = CommsDatabase['language'];

const languages = referenceSnapshot(async (db: Kysely<CommsDatabase>) => new Map((await db.selectFrom('language').selectAll().orderBy('code').execute()).map((l) => [l.code, l])));

/** The languages of `codes`, in their order; a code the snapshot lacks (added by hand since) reads the list again once. */
export async function languagesByCode(db: Kysely<CommsDatabase>, codes: readonly string[]): Promise<LanguageRow[]> {
  let index = await languages.of(db);
  if (codes.some((code) => !index.has(code))) {
    languages.forget(db);
    index = await languages.of(db);
  }
  return rowsByKeys(index, codes);
}

export async function allLanguages(db: Kysely<CommsDatabase>): Promise<LanguageRow[]> {
  return [...(await languages.of(db)).values()];
}

/** Drops the snapshot (the seed calls it). */
export const forgetLanguages = (db: Kysely<CommsDatabase>) => languages.forget(db);
