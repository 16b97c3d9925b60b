// Reads of the ATECO 2007 classification (sections and divisions). Every function takes many keys.
import { referenceSnapshot } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { IalDatabase } from '../types.ts';

export type SectionRow = IalDatabase['ateco_section'];
export type DivisionRow = IalDatabase['ateco_division'];

export function allSections(db: Kysely<IalDatabase>): Promise<SectionRow[]> {
  return db.selectFrom('ateco_section').selectAll().orderBy('code').execute();
}

export function sectionsByCode(db: Kysely<IalDatabase>, codes: readonly string[]): Promise<SectionRow[]> {
  return db.selectFrom('ateco_section').selectAll().where('code', 'in', codes).execute();
}

export function divisionsOfSections(db: Kysely<IalDatabase>, sectionCodes: readonly string[]): Promise<DivisionRow[]> {
  return db.selectFrom('ateco_division').selectAll().where('section_code', 'in', sectionCodes).orderBy('code').execute();
}

// The divisions are reference data (the seed's): every employer names one, so they are read into
// a snapshot (the kit's reference-snapshot.ts).
const divisions = referenceSnapshot(async (db: Kysely<IalDatabase>) => new Map((await db.selectFrom('ateco_division').selectAll().execute()).map((d) => [d.code, d])));

/** Every ATECO division, by code. */
export const divisionsByCode = (db: Kysely<IalDatabase>): Promise<ReadonlyMap<string, DivisionRow>> => divisions.of(db);

/** Drops the snapshot of the divisions (the seed calls it). */
export const forgetDivisions = (db: Kysely<IalDatabase>) => divisions.forget(db);
